// The reference upload: `curl -F` of the same zip, with the action's form fields, to the same Hub.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { shellQuote } from './measure.js';
import { EXECUTOR_NAME } from './data.js';

const execFileAsync = promisify(execFile);

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
  const { stdout, stderr } = await execFileAsync(argv[0] as string, argv.slice(1)).catch((err: { code?: number; stdout?: string; stderr?: string }) => ({
    stdout: '',
    stderr: `exit ${err.code}: ${err.stderr ?? ''}`,
  }));
  const [httpStatus, total] = stdout.trim().split(' ');
  if (httpStatus !== '200') throw new Error(`curl's upload failed (HTTP ${httpStatus || 'none'}): ${stderr.slice(0, 500)}`);
  const command = shellQuote(argv.map((a) => (a.startsWith('authorization:') ? 'authorization: token ***' : a)));
  return { command, timeTotalS: Number(total) };
}
