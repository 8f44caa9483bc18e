import path from 'node:path';

/** Whether `target` is `folder` itself or lies below it (a name like `..data` inside is fine). */
export function isWithin(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
