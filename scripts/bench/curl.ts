// The reference upload: `curl -F` of the same zip, with the action's form fields, to the same Hub.
import { spawn } from 'node:child_process';
import { shellQuote } from './measure.js';
import { EXECUTOR_NAME } from './data.js';

export interface CurlUpload {
  command: string;
  /** curl's own %{time_total}. */
  timeTotalS: number;
}

export async function curlUpload(url: string, token: string, zip: { file: string; md5: string }): Promise<CurlUpload> {
  const argv = [
    'curl', '-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}',
    '-H', `authorization: token ${token}`,
    '-H', 'Expect:',
    '-F', 'public=True', '-F', 'private=False', '-F', `md5sum=${zip.md5}`,
    '-F', `file=@${zip.file};filename=${EXECUTOR_NAME}.zip;type=application/zip`,
    `${url}/v2/rpc/executor.createAsync`,
  ];
  const { code, stdout, stderr } = await run(argv);
  const [httpStatus, total] = stdout.trim().split(' ');
  if (code !== 0 || httpStatus !== '200') throw new Error(`curl's upload failed (exit ${code}, HTTP ${httpStatus}): ${stderr.slice(0, 500)}`);
  const command = shellQuote(argv.map((a) => (a.startsWith('authorization:') ? 'authorization: token ***' : a)));
  return { command, timeTotalS: Number(total) };
}

function run(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
