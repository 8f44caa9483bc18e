/** Validation of an upload form into an UploadRequest (before any task starts). */
import type { ParsedBody } from './body.js';
import { errors } from './errors.js';
import { protectedTagIn } from './publish.js';
import type { Executor, UploadRequest } from './types.js';
import { parseBuildEnv, parseTags, parseVisibility } from './validate.js';

export function validateUpload(
  method: string,
  body: ParsedBody,
  opts: { expectedName: string | null; anonymousCreate: boolean },
): UploadRequest {
  const { fields, file } = body;
  const visibility = parseVisibility(fields);
  const tags = parseTags(fields);
  const buildEnv = parseBuildEnv(fields['buildEnv']);
  if (!file) throw errors.badParam('the multipart field file (the zip package) is required');
  const md5sum = fields['md5sum'];
  if (md5sum === undefined || md5sum === '') throw errors.badParam('field md5sum is required');
  if (md5sum.toLowerCase() !== file.md5) {
    throw errors.streamBroken(`md5sum ${md5sum} does not match the md5 of the received file (${file.md5})`);
  }
  const dockerfile = fields['dockerfile'];
  const platform = fields['platform'];
  return {
    method,
    visibility,
    tags: tags.all,
    immutableTags: tags.immutable,
    buildEnv,
    md5: file.md5,
    size: file.size,
    platform: platform === undefined || platform === '' ? null : platform,
    dockerfile: dockerfile === undefined || dockerfile === '' ? null : dockerfile,
    filePath: file.path,
    expectedName: opts.expectedName,
    anonymousCreate: opts.anonymousCreate,
  };
}

/** 403/40902 when one of the upload's tags is already protected on the executor. */
export function checkProtected(executor: Executor, upload: UploadRequest): void {
  const tag = protectedTagIn(executor, upload.tags);
  if (tag !== undefined) {
    throw errors.policyDeny(`resource policy deny: the tag ${tag} of ${executor.name} is protected and already exists`);
  }
}
