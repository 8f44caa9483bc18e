import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { checkDockerfile, envReferences, missingEnv, readExecutorFolder } from '../../src/executor.js';
import { InputError } from '../../src/inputs.js';

const folderWith = tempFolders('executor-test-');

async function rejectsInput(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('readExecutorFolder', () => {
  it('reads metas.name from config.yml', async () => {
    const dir = await folderWith({ 'config.yml': 'jtype: MyEncoder\nmetas:\n  name: MyEncoder\n  py_modules:\n    - executor.py\n' });
    const got = await readExecutorFolder(dir);
    assert.equal(got.name, 'MyEncoder');
    assert.equal(got.nameSource, 'config.yml');
    assert.deepEqual(got.requiredEnv, []);
    assert.deepEqual(got.bareEnv, []);
  });

  it('reads a config.yml with a custom tag at the top', async () => {
    const dir = await folderWith({
      'config.yml': '!MyExec\nwith:\n  dim: 128\nmetas:\n  name: TaggedExec\n  py_modules: [executor.py]\n',
    });
    assert.equal((await readExecutorFolder(dir)).name, 'TaggedExec');
  });

  it('reads a config.yml with jtype and custom tags on values', async () => {
    const dir = await folderWith({
      'config.yml': 'jtype: MyExec\nwith:\n  model: !ENV ${MODEL}\nmetas:\n  name: JtypeExec\n',
    });
    assert.equal((await readExecutorFolder(dir)).name, 'JtypeExec');
  });

  it('trims the name', async () => {
    const dir = await folderWith({ 'config.yml': 'metas:\n  name: "  Spaced  "\n' });
    assert.equal((await readExecutorFolder(dir)).name, 'Spaced');
  });

  it('falls back to name in manifest.yml', async () => {
    const dir = await folderWith({
      'config.yml': 'jtype: X\nmetas:\n  py_modules: [a.py]\n',
      'manifest.yml': 'name: FromManifest\ndescription: d\n',
    });
    const got = await readExecutorFolder(dir);
    assert.equal(got.name, 'FromManifest');
    assert.equal(got.nameSource, 'manifest.yml');
  });

  it('uses manifest.yml when there is no config.yml', async () => {
    const dir = await folderWith({ 'manifest.yml': 'name: OnlyManifest\n' });
    assert.equal((await readExecutorFolder(dir)).name, 'OnlyManifest');
  });

  it('prefers config.yml over manifest.yml', async () => {
    const dir = await folderWith({ 'config.yml': 'metas:\n  name: A\n', 'manifest.yml': 'name: B\n' });
    assert.equal((await readExecutorFolder(dir)).name, 'A');
  });

  it('refuses a folder without a name', async () => {
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': 'jtype: X\n' })), /no executor name/);
    await rejectsInput(readExecutorFolder(await folderWith({})), /metas\.name/);
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n  name: "   "\n' })), /no executor name/);
  });

  it('refuses a name with spaces, / or :', async () => {
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n  name: my exec\n' })), /"my exec"/);
    await rejectsInput(readExecutorFolder(await folderWith({ 'manifest.yml': 'name: a/b\n' })), /"a\/b" in manifest\.yml/);
  });

  it('refuses config.yml that is not YAML, naming the file', async () => {
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': 'metas: [unclosed\n' })), /config\.yml is not valid YAML/);
  });

  it('refuses a folder that does not exist', async () => {
    await rejectsInput(readExecutorFolder(path.join(await folderWith({}), 'no-such-folder')), /does not exist/);
  });

  it('refuses a path that is a file', async () => {
    const dir = await folderWith({ 'config.yml': 'metas:\n  name: X\n' });
    await rejectsInput(readExecutorFolder(path.join(dir, 'config.yml')), /is not a folder/);
  });

  it('reads the env references of requirements.txt', async () => {
    const dir = await folderWith({
      'config.yml': 'metas:\n  name: X\n',
      'requirements.txt': 'git+https://${GH_TOKEN}@github.com/o/r.git\nfoo==1.0\nbar @ https://$USER:${GH_TOKEN}@x/y\n',
    });
    const got = await readExecutorFolder(dir);
    assert.deepEqual(got.requiredEnv, ['GH_TOKEN']);
    assert.deepEqual(got.bareEnv, ['USER']);
  });
});

describe('envReferences', () => {
  it('reports ${...} names that no build-env key can have, instead of requiring them', () => {
    const got = envReferences('a ${lower} b ${} c ${OK_1}');
    assert.deepEqual(got.requiredEnv, ['OK_1']);
    assert.deepEqual(got.invalidEnv, ['lower', '']);
  });

  it('gives each ${VAR} once in order of first use, and each bare $VAR', () => {
    const got = envReferences('a ${A}\nb ${B} ${B}\nc $C\n${A}\n');
    assert.deepEqual(got.requiredEnv, ['A', 'B']);
    assert.deepEqual(got.bareEnv, ['C']);
  });

  it('does not take a braced reference for a bare one', () => {
    assert.deepEqual(envReferences('${A}').bareEnv, []);
  });

  it('$${D}: D is a braced reference, not a bare one', () => {
    const got = envReferences('x $${D}');
    assert.deepEqual(got.requiredEnv, ['D']);
    assert.deepEqual(got.bareEnv, []);
  });

  it('$$E is not a bare reference', () => {
    assert.deepEqual(envReferences('x $$E').bareEnv, []);
  });

  it('nothing for text without $', () => {
    assert.deepEqual(envReferences('numpy==1.26\n# comment\n'), { requiredEnv: [], bareEnv: [], invalidEnv: [] });
  });
});

describe('missingEnv', () => {
  it('gives the required keys the build env lacks, in order', () => {
    assert.deepEqual(missingEnv(['A', 'B', 'C'], { B: 'x' }), ['A', 'C']);
    assert.deepEqual(missingEnv(['A'], { A: '' }), []);
    assert.deepEqual(missingEnv([], { A: '1' }), []);
  });
});

describe('checkDockerfile', () => {
  it('accepts a Dockerfile inside the folder', async () => {
    const dir = await folderWith({ Dockerfile: 'FROM x\n', 'docker/gpu.Dockerfile': 'FROM y\n' });
    await checkDockerfile(dir, 'Dockerfile');
    await checkDockerfile(dir, 'docker/gpu.Dockerfile');
  });

  it('refuses a missing Dockerfile', async () => {
    const dir = await folderWith({});
    await rejectsInput(checkDockerfile(dir, 'Dockerfile'), /dockerfile "Dockerfile" does not exist/);
  });

  it('refuses a directory', async () => {
    const dir = await folderWith({ 'docker/x': '' });
    await rejectsInput(checkDockerfile(dir, 'docker'), /is not a file/);
  });

  it('refuses a link that points outside the folder', async () => {
    const outside = await folderWith({ Dockerfile: 'FROM evil\n' });
    const dir = await folderWith({});
    await fs.symlink(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
    await rejectsInput(checkDockerfile(dir, 'Dockerfile'), /links outside/);
  });

  it('accepts a link to a file inside the folder', async () => {
    const dir = await folderWith({ 'docker/real.Dockerfile': 'FROM x\n' });
    await fs.symlink(path.join('docker', 'real.Dockerfile'), path.join(dir, 'Dockerfile'));
    await checkDockerfile(dir, 'Dockerfile');
  });

  it(
    "accepts a Dockerfile inside whose name starts with '..'",
    async () => {
      const dir = await folderWith({ '..Dockerfile': 'FROM x\n' });
      await checkDockerfile(dir, '..Dockerfile');
    },
  );

  it('refuses a broken link', async () => {
    const dir = await folderWith({});
    await fs.symlink('nowhere', path.join(dir, 'Dockerfile'));
    await rejectsInput(checkDockerfile(dir, 'Dockerfile'), /does not exist/);
  });
});
