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
    assert.equal(got.nameSource, 'config.yml metas.name');
    assert.deepEqual(got.nameWarnings, []);
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
    assert.equal(got.nameSource, 'manifest.yml name');
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

  it('takes a name with spaces, / or : as the clients do, with a warning', async () => {
    const spaced = await readExecutorFolder(await folderWith({ 'manifest.yml': 'name: Audio VGGish Segmenter\n' }));
    assert.equal(spaced.name, 'Audio VGGish Segmenter');
    assert.deepEqual(spaced.nameWarnings, [
      `the executor name "Audio VGGish Segmenter" (manifest.yml name) holds a space, '/', '\\' or ':': the Hub may refuse it.`,
    ]);
    assert.equal((await readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n  name: a/b\n' }))).nameWarnings.length, 1);
  });

  it('warns when metas.name differs from the name in manifest.yml (a run-time name such as psql)', async () => {
    const dir = await folderWith({
      'config.yml': 'jtype: PostgreSQLStorage\nmetas:\n  workspace: workspace/\n  name: psql\n',
      'manifest.yml': 'manifest_version: 1\nname: PostgreSQLStorage\n',
    });
    const got = await readExecutorFolder(dir);
    assert.equal(got.name, 'psql');
    assert.equal(got.nameSource, 'config.yml metas.name');
    assert.equal(got.nameWarnings.length, 1);
    assert.match(got.nameWarnings[0] ?? '', /published as "psql" \(from config\.yml metas\.name\), while manifest\.yml names it "PostgreSQLStorage".*set metas\.name: PostgreSQLStorage in config\.yml/);
  });

  it('warns about a metas.name that Jina resolves at run time', async () => {
    const got = await readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n  name: ${{ ENV.EXECUTOR_NAME }}\n' }));
    assert.equal(got.name, '${{ ENV.EXECUTOR_NAME }}');
    assert.match(got.nameWarnings[0] ?? '', /an expression that Jina resolves when the executor runs/);
  });

  it('goes by the force-update value for a folder without a name, when told to', async () => {
    const got = await readExecutorFolder(await folderWith({ 'config.yml': 'jtype: X\n' }), { nameless: 'abc123' });
    assert.equal(got.name, 'abc123');
    assert.equal(got.nameSource, 'force-update');
    // A folder with a name keeps it.
    assert.equal((await readExecutorFolder(await folderWith({ 'manifest.yml': 'name: M\n' }), { nameless: 'abc123' })).name, 'M');
  });

  it('reads a number as a name, and a config.yml without metas or empty as no name', async () => {
    assert.equal((await readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n  name: 2024\n' }))).name, '2024');
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': '' })), /no executor name/);
    await rejectsInput(readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n' })), /no executor name/);
    assert.equal((await readExecutorFolder(await folderWith({ 'config.yml': 'metas:\n', 'manifest.yml': 'name: M\n' }))).name, 'M');
  });

  it('suggests the glob when the folder holds no executor but folders below it do', async () => {
    const root = await folderWith({ 'executors/a/config.yml': 'metas:\n  name: A\n', 'deep/x/y/manifest.yml': 'name: Y\n' });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      await rejectsInput(readExecutorFolder(root), /^.* holds no executor \(no config\.yml or manifest\.yml\), but folders below it do: set path: \*\/\* to publish each of them\.$/);
      await rejectsInput(readExecutorFolder(path.join(root, 'deep')), /set path: deep\/\*\/\* to publish/);
      await rejectsInput(readExecutorFolder(path.join(root, 'executors', 'a', '..')), /set path: executors\/\* to publish/);
    } finally {
      process.chdir(cwd);
    }
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

  it('skips blank lines and comments, as the clients do', () => {
    const got = envReferences('# pip install git+https://${OLD_TOKEN}@x\n   # ${INDENTED} $BARE\n\nfoo==1 # ${TRAILING}\n');
    assert.deepEqual(got.requiredEnv, ['TRAILING']); // the clients skip only lines that start with #
    assert.deepEqual(got.bareEnv, []);
  });

  it('counts only ${UPPER_CASE} names, digits and _ included', () => {
    const got = envReferences('${A1_B} ${_X} ${9} ${Mixed} ${A-B} ${A B}');
    assert.deepEqual(got.requiredEnv, ['A1_B', '_X', '9']);
    assert.deepEqual(got.invalidEnv, ['Mixed', 'A-B']);
  });

  it('reads a large adversarial requirements.txt in linear time', () => {
    const unclosed = '${'.repeat(100_000); // 200 KB on one line, no closing brace
    const dollars = '$'.repeat(200_000);
    const names = '$A'.repeat(100_000);
    const lines = '${X\n'.repeat(50_000);
    for (const text of [unclosed, dollars, names, lines, `${unclosed}}`]) {
      const started = performance.now();
      envReferences(text);
      const ms = performance.now() - started;
      assert.ok(ms < 1000, `took ${ms} ms on ${text.slice(0, 8)}...`);
    }
    assert.deepEqual(envReferences(names).bareEnv, ['A']);
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
  it('accepts a Dockerfile directly in the folder, and refuses one in a subfolder, as the clients do', async () => {
    const dir = await folderWith({ Dockerfile: 'FROM x\n', 'gpu.Dockerfile': 'FROM y\n', 'docker/gpu.Dockerfile': 'FROM y\n' });
    await checkDockerfile(dir, 'Dockerfile');
    await checkDockerfile(dir, 'gpu.Dockerfile');
    await rejectsInput(
      checkDockerfile(dir, 'docker/gpu.Dockerfile'),
      /^dockerfile "docker\/gpu\.Dockerfile" is in a subfolder of .*: the Hub builds only a Dockerfile that lies directly in the executor folder \(as jina hub push requires\), so move it there\.$/,
    );
  });

  it('refuses a missing Dockerfile', async () => {
    const dir = await folderWith({});
    await rejectsInput(checkDockerfile(dir, 'Dockerfile'), /dockerfile "Dockerfile" does not exist/);
  });

  it('refuses a directory', async () => {
    const dir = await folderWith({ 'docker/x': '' });
    await rejectsInput(checkDockerfile(dir, 'docker'), /is not a file/);
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

describe('readExecutorFolder: special files', () => {
  it('reads a FIFO in place of config.yml or requirements.txt as no file, without blocking', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = await folderWith({ 'manifest.yml': 'name: FromManifest\n' });
    execFileSync('mkfifo', [path.join(dir, 'config.yml'), path.join(dir, 'requirements.txt')]);
    const got = await readExecutorFolder(dir);
    assert.equal(got.name, 'FromManifest');
    assert.deepEqual(got.requiredEnv, []);
  });
});
