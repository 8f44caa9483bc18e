import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHubError, HubError, ProtocolError, parseErrorBody, RETRYABLE_HTTP } from '../../src/hub/errors.js';

const SESSION = '3f0c2a4e-1111-4222-8333-944455556666';

describe('parseErrorBody', () => {
  it('reads status, code, and prefers readableMessage over message', () => {
    assert.deepEqual(
      parseErrorBody(JSON.stringify({ code: 403, status: 40301, message: 'raw', readableMessage: ' You may not. ' })),
      { status: 40301, code: 403, hubMessage: 'You may not.' },
    );
  });

  it('falls back to message when readableMessage is missing or blank', () => {
    assert.equal(parseErrorBody('{"message":"raw msg"}').hubMessage, 'raw msg');
    assert.equal(parseErrorBody('{"message":"raw msg","readableMessage":"  "}').hubMessage, 'raw msg');
    assert.equal(parseErrorBody('{"message":"raw msg","readableMessage":42}').hubMessage, 'raw msg');
  });

  it('gives no fields for a body that is not JSON, or not an object', () => {
    for (const body of ['<html>Bad Gateway</html>', '', 'null', '"text"', '12']) {
      const got = parseErrorBody(body);
      assert.equal(got.status, undefined, body);
      assert.equal(got.code, undefined, body);
      assert.equal(got.hubMessage, undefined, body);
    }
  });

  it('ignores fields of the wrong type', () => {
    assert.deepEqual(parseErrorBody('{"status":"40301","code":"403","message":7}'), {
      status: undefined,
      code: undefined,
      hubMessage: undefined,
    });
  });
});

describe('describeHubError', () => {
  it('42202 names the executor and says force-update', () => {
    const msg = describeHubError(
      { httpStatus: 422, status: 42202, hubMessage: 'identifier namespace occupied' },
      { method: 'executor.createAsync', name: 'MyEncoder' },
      SESSION,
    );
    assert.match(msg, /MyEncoder/);
    assert.match(msg, /is taken/);
    assert.match(msg, /force-update/);
    assert.match(msg, /identifier namespace occupied/);
    assert.ok(msg.includes(`session ${SESSION}`), msg);
  });

  it('40902 speaks of a protected tag and lists the tags', () => {
    const msg = describeHubError(
      { httpStatus: 409, status: 40902 },
      { method: 'executor.createAsync', name: 'MyEncoder', tags: ['v1', 'v1.0.0'] },
      SESSION,
    );
    assert.match(msg, /protected tag/);
    assert.match(msg, /v1, v1\.0\.0/);
    assert.match(msg, /MyEncoder/);
    assert.ok(msg.includes(SESSION));
  });

  it('40902 names the force-update target when there is one', () => {
    const msg = describeHubError({ status: 40902 }, { method: 'executor.updateAsync', name: 'Local', forceUpdate: 'abc123' }, SESSION);
    assert.match(msg, /abc123/);
  });

  it('40102 says to check the token', () => {
    const msg = describeHubError(
      { httpStatus: 401, status: 40102, hubMessage: 'Authentication failed' },
      { method: 'executor.createAsync', name: 'X' },
      SESSION,
    );
    assert.match(msg, /token/);
    assert.match(msg, /JINA_AUTH_TOKEN/);
    assert.match(msg, /Authentication failed/);
    assert.ok(msg.includes(SESSION));
  });

  it('40403 with force-update says the id was not found', () => {
    const msg = describeHubError({ status: 40403 }, { method: 'executor.update', forceUpdate: 'Gone' }, SESSION);
    assert.match(msg, /Gone was not found/);
    assert.match(msg, /force-update/);
  });

  it('an unknown status falls back to the method and the HTTP code', () => {
    const msg = describeHubError({ httpStatus: 418, status: 99999 }, { method: 'executor.createAsync', name: 'X' }, SESSION);
    assert.match(msg, /executor\.createAsync/);
    assert.match(msg, /HTTP 418/);
    assert.ok(msg.includes(`session ${SESSION}`), msg);
  });

  it('without a Hubble status, a known HTTP code still gives advice', () => {
    assert.match(describeHubError({ httpStatus: 413 }, { method: 'm' }, SESSION), /too large/);
    assert.match(describeHubError({ httpStatus: 401 }, { method: 'm' }, SESSION), /credentials/);
  });

  it("shows the Hub's words rather than the HTTP code when it has them", () => {
    const msg = describeHubError({ httpStatus: 500, hubMessage: 'database on fire' }, { method: 'm' }, SESSION);
    assert.match(msg, /Hub: database on fire/);
    assert.doesNotMatch(msg, /HTTP 500/);
  });

  it('says no reason was given when there is neither a message nor an HTTP code', () => {
    const msg = describeHubError({}, { method: 'executor.create' }, SESSION);
    assert.match(msg, /no reason given/);
    assert.ok(msg.includes(SESSION));
  });

  it('always includes the session id', () => {
    for (const status of [40001, 40003, 40101, 40102, 40103, 40301, 40403, 40901, 40902, 41301, 42202, 42203, 42205, 50001, 50003, 50006, undefined]) {
      for (const httpStatus of [undefined, 400, 401, 403, 404, 413, 500]) {
        const msg = describeHubError({ httpStatus, status }, { method: 'executor.create', name: 'N' }, SESSION);
        assert.ok(msg.includes(`session ${SESSION}`), `${status}/${httpStatus}: ${msg}`);
      }
    }
  });
});

describe('error classes', () => {
  it('HubError and ProtocolError are named errors', () => {
    const e = new HubError('m', { retryable: true, httpStatus: 503 });
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'HubError');
    assert.equal(e.details.httpStatus, 503);
    assert.equal(new ProtocolError('p').name, 'ProtocolError');
  });

  it('only 408, 429 and 5xx gateway codes are retryable', () => {
    assert.deepEqual([...RETRYABLE_HTTP].sort(), [408, 429, 500, 502, 503, 504]);
  });
});
