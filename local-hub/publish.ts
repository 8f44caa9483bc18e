/** Recording a built version, and the views of an executor the API answers with. */
import { objectId } from './ids.js';
import type { Executor, ExecutorView, UploadRequest, Version } from './types.js';

/** The first of `tags` already protected on the executor, if any. */
export function protectedTagIn(executor: Executor, tags: readonly string[]): string | undefined {
  return tags.find((t) => executor.protectedTags.has(t));
}

/** Records a new version: its tags move to it from older versions; immutable tags become protected. */
export function publishVersion(executor: Executor, upload: UploadRequest): Version {
  const version: Version = {
    commitId: objectId(),
    tags: [...upload.tags],
    md5: upload.md5,
    size: upload.size,
    buildEnv: { ...upload.buildEnv },
    platform: upload.platform,
    dockerfile: upload.dockerfile,
    createdAt: new Date().toISOString(),
    filePath: upload.filePath,
  };
  for (const old of executor.versions) old.tags = old.tags.filter((t) => !version.tags.includes(t));
  executor.versions.push(version);
  for (const t of upload.immutableTags) executor.protectedTags.add(t);
  executor.visibility = upload.visibility;
  return version;
}

/** The EXECUTOR of a task's result, without the secret: only the answer to the request that made it shows that. */
export function executorView(executor: Executor, version: Version): ExecutorView {
  return {
    id: executor.id,
    name: executor.name,
    visibility: executor.visibility,
    ...(executor.owner !== null ? { owner: { name: executor.owner } } : {}),
    commit: { id: version.commitId, tags: [...version.tags] },
  };
}

/** The version holding `tag`; without a tag, the one holding 'latest', else the newest. */
export function versionFor(executor: Executor, tag: string | undefined): Version | undefined {
  const wanted = tag ?? 'latest';
  const found = [...executor.versions].reverse().find((v) => v.tags.includes(wanted));
  if (found || tag !== undefined) return found;
  return executor.versions[executor.versions.length - 1];
}

/** The `data` of an executor.getPackage answer; build env values are masked, the secret never shown. */
export function packageView(executor: Executor, version: Version, hubUrl: string): Record<string, unknown> {
  const buildEnv: Record<string, string> = {};
  for (const key of Object.keys(version.buildEnv)) buildEnv[key] = '***';
  return {
    id: executor.id,
    name: executor.name,
    visibility: executor.visibility,
    owner: executor.owner === null ? null : { name: executor.owner },
    commit: { id: version.commitId, tags: [...version.tags], commitParams: { buildEnv } },
    package: { download: `${hubUrl}/_hub/packages/${version.commitId}.zip`, md5: version.md5, containers: [] },
  };
}
