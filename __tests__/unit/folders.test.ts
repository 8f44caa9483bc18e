import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { checkDistinctNames, resolveFolders } from '../../src/folders.js';
import { InputError } from '../../src/inputs.js';

const folderWith = tempFolders('folders-test-');

const CONFIG = 'metas:\n  name: X\n';

/** A tree of executor folders (config.yml or manifest.yml) and plain folders. */
const TREE = {
  'executors/enc-a/config.yml': CONFIG,
  'executors/enc-b/manifest.yml': 'name: B\n',
  'executors/enc-10/config.yml': CONFIG,
  'executors/docs/README.md': '# not an executor\n',
  'executors/nested/deep/inner/config.yml': CONFIG,
  'executors/.hidden/config.yml': CONFIG,
  'executors/node_modules/pkg/config.yml': CONFIG,
  'executors/.git/config.yml': CONFIG,
  'executors/empty/': '',
  'executors/file-named/config.yml/': '',
  'models/enc-1/config.yml': CONFIG,
  'models/enc-2/config.yml': CONFIG,
  'models/enc-22/config.yml': CONFIG,
  'config.yml': CONFIG,
};

function under(root: string, ...names: string[]): string[] {
  return names.map((n) => path.join(root, ...n.split('/')));
}

async function rejectsInput(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('resolveFolders', () => {
  it('keeps explicit folders as given, absolute, without checking them', async () => {
    const root = await folderWith(TREE);
    const got = await resolveFolders(['executors/docs', './missing/', path.join(root, 'models', 'enc-1')], root);
    assert.deepEqual(got, under(root, 'executors/docs', 'missing', 'models/enc-1'));
  });

  it('expands * to the executor folders one level down, skipping plain, hidden, .git and node_modules folders', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['executors/*'], root), under(root, 'executors/enc-10', 'executors/enc-a', 'executors/enc-b'));
  });

  it('does not take a folder whose config.yml is itself a folder', async () => {
    const root = await folderWith(TREE);
    const got = await resolveFolders(['executors/*'], root);
    assert.ok(!got.includes(path.join(root, 'executors', 'file-named')));
  });

  it('expands ? to exactly one character', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['models/enc-?'], root), under(root, 'models/enc-1', 'models/enc-2'));
    assert.deepEqual(await resolveFolders(['executors/enc-??'], root), under(root, 'executors/enc-10'));
  });

  it('expands ** to the folder itself and every folder below, at any depth', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(
      await resolveFolders(['executors/**'], root),
      under(root, 'executors/enc-10', 'executors/enc-a', 'executors/enc-b', 'executors/nested/deep/inner'),
    );
    assert.deepEqual(
      await resolveFolders(['**'], root),
      [root, ...under(root, 'executors/enc-10', 'executors/enc-a', 'executors/enc-b', 'executors/nested/deep/inner', 'models/enc-1', 'models/enc-2', 'models/enc-22')],
    );
  });

  it('matches ** in the middle of a pattern, and literal segments after a glob', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['**/inner'], root), under(root, 'executors/nested/deep/inner'));
    assert.deepEqual(await resolveFolders(['executors/**/**/inner'], root), under(root, 'executors/nested/deep/inner'));
    assert.deepEqual(await resolveFolders(['executors/*/deep/*'], root), under(root, 'executors/nested/deep/inner'));
    assert.deepEqual(await resolveFolders(['*/enc-2*/'], root), under(root, 'models/enc-2', 'models/enc-22'));
  });

  it('takes a hidden folder only when the pattern names it with a dot', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['executors/.h*'], root), under(root, 'executors/.hidden'));
  });

  it('goes into node_modules only when the pattern names it', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['executors/node_modules/*'], root), under(root, 'executors/node_modules/pkg'));
  });

  it('takes absolute glob patterns', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders([`${root}/models/*`], '/'), under(root, 'models/enc-1', 'models/enc-2', 'models/enc-22'));
  });

  it('treats regular-expression characters in a glob as themselves', async () => {
    const root = await folderWith({ 'x/a.b+c$/config.yml': CONFIG, 'x/aXb+c$/config.yml': CONFIG });
    assert.deepEqual(await resolveFolders(['x/a.b+c*'], root), under(root, 'x/a.b+c$'));
  });

  it('follows a symlink to a folder for * but does not walk into links for **', async () => {
    const root = await folderWith({ 'real/exec/config.yml': CONFIG, 'links/': '' });
    await fs.symlink(path.join(root, 'real', 'exec'), path.join(root, 'links', 'exec'));
    await fs.symlink(root, path.join(root, 'links', 'loop'));
    assert.deepEqual(await resolveFolders(['links/*'], root), under(root, 'links/exec'));
    assert.deepEqual(await resolveFolders(['**'], root), under(root, 'real/exec'));
  });

  it('de-duplicates and sorts in byte order across patterns', async () => {
    const root = await folderWith({
      'B/config.yml': CONFIG,
      'a/config.yml': CONFIG,
      'é/config.yml': CONFIG,
      'z/config.yml': CONFIG,
      '\u{1F600}/config.yml': CONFIG,
      '\uFF21/config.yml': CONFIG,
    });
    const got = await resolveFolders(['z', '*', 'a', `${root}/a/`, ' ', ''], root);
    // Byte (UTF-8) order puts U+FF21 before U+1F600; UTF-16 code unit order would not.
    assert.deepEqual(got, under(root, 'B', 'a', 'z', 'é', '\uFF21', '\u{1F600}'));
  });

  it('gives nothing for no patterns', async () => {
    assert.deepEqual(await resolveFolders([], '/'), []);
  });

  it('refuses a glob that matches no executor folder, naming the pattern', async () => {
    const root = await folderWith(TREE);
    await rejectsInput(
      resolveFolders(['executors/*'], path.join(root, 'models')),
      /^path pattern "executors\/\*" matches no executor folder \(one holding config\.yml or manifest\.yml\): check the path input\.$/,
    );
    await rejectsInput(resolveFolders(['executors/docs/*', 'models/*'], root), /"executors\/docs\/\*"/);
    await rejectsInput(resolveFolders(['executors/enc-???'], root), /"executors\/enc-\?\?\?" matches no executor folder/);
    await rejectsInput(resolveFolders(['nowhere/*'], root), /"nowhere\/\*" matches no executor folder/);
  });
});

describe('resolveFolders: exclusions and the glob forms of other actions', () => {
  it('leaves out what a ! line names, in order: a later pattern can take a folder back', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['executors/*', '!executors/enc-a'], root), under(root, 'executors/enc-10', 'executors/enc-b'));
    assert.deepEqual(await resolveFolders(['executors/*', '!executors/enc-?'], root), under(root, 'executors/enc-10'));
    assert.deepEqual(
      await resolveFolders(['executors/*', '!executors/*', 'executors/enc-b'], root),
      under(root, 'executors/enc-b'),
    );
    // An excluded folder takes what lies below it along.
    assert.deepEqual(await resolveFolders(['executors/**', '!executors/nested'], root), under(root, 'executors/enc-10', 'executors/enc-a', 'executors/enc-b'));
    assert.deepEqual(await resolveFolders(['**', '!**/enc-*'], root), [root, ...under(root, 'executors/nested/deep/inner')]);
  });

  it('refuses exclusions that leave nothing', async () => {
    const root = await folderWith(TREE);
    await rejectsInput(resolveFolders(['models/*', '!models'], root), /^the exclusions \(!\) of path leave no executor folder: check the path input\.$/);
  });

  it('takes braces and character classes', async () => {
    const root = await folderWith(TREE);
    assert.deepEqual(await resolveFolders(['executors/enc-{a,b}'], root), under(root, 'executors/enc-a', 'executors/enc-b'));
    assert.deepEqual(await resolveFolders(['models/enc-[12]'], root), under(root, 'models/enc-1', 'models/enc-2'));
  });
});

describe('checkDistinctNames', () => {
  it('refuses two folders with the same executor name, naming both and where each name came from', async () => {
    const root = await folderWith({
      'a/config.yml': 'metas:\n  name: Enc\n',
      'b/manifest.yml': 'name: Enc\n',
      'c/config.yml': 'metas:\n  name: Other\n',
      'broken/config.yml': 'metas: [\n',
    });
    await checkDistinctNames(under(root, 'a', 'c', 'broken'), root);
    await rejectsInput(
      checkDistinctNames(under(root, 'a', 'b', 'c'), root),
      /^an executor name is given by several folders of this run, which would publish over each other: "Enc" by a \(config\.yml metas\.name\) and b \(manifest\.yml name\)\. Rename one, or leave one out of path \(a line such as !folder\)\.$/,
    );
  });

  it('with force-update, folders without a name all go by it', async () => {
    const root = await folderWith({ 'a/config.yml': 'jtype: A\n', 'b/config.yml': 'jtype: B\n' });
    await checkDistinctNames(under(root, 'a', 'b'), root);
    await rejectsInput(checkDistinctNames(under(root, 'a', 'b'), root, 'abc'), /"abc" by a \(force-update\) and b \(force-update\)/);
  });
});
