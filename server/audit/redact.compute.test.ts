import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.compute';

describe('redactSecrets', () => {
  it.each([
    ['password', { password: 'hunter2' }, { password: '[redacted]' }],
    ['SMTP password nested in config', { config: { host: 'smtp', smtpPassword: 'p' } }, { config: { host: 'smtp', smtpPassword: '[redacted]' } }],
    ['kubeconfig and bearer token', { kubeconfig: 'apiVersion: v1', token: 'abc' }, { kubeconfig: '[redacted]', token: '[redacted]' }],
    ['sealed envelopes', { sealedSecret: 'v1.k.iv.tag.ct', sealedCredentials: 'v1.x' }, { sealedSecret: '[redacted]', sealedCredentials: '[redacted]' }],
    ['headers', { authorization: 'Basic Zm9vOmJhcg==', 'X-Api-Key': 'k', cookie: 'next-auth.session-token=x' }, { authorization: '[redacted]', 'X-Api-Key': '[redacted]', cookie: '[redacted]' }],
    ['a Slack webhook URL under any key', { url: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX' }, { url: 'https://hooks.slack.com/[redacted]' }],
    ['credentials in a URL', { url: 'https://admin:hunter2@prom.example.com:9090/api' }, { url: 'https://[redacted]@prom.example.com:9090/api' }],
    ['a bearer header in free text', { detail: 'sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc' }, { detail: 'sent Authorization: Bearer [redacted]' }],
    ['a Runwell API token in free text', { note: 'use rw_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' }, { note: 'use rw_[redacted]' }],
    ['arrays', [{ secret: 's' }, 'https://u:p@h/'], [{ secret: '[redacted]' }, 'https://[redacted]@h/']],
  ])('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it.each([
    ['ordinary settings', { name: 'pager', scope: { teamIds: ['t1'] }, urlHost: 'hooks.slack.com', enabled: true, port: 587 }],
    ['a plain URL', { url: 'https://grafana.example.com/d/abc?orgId=1' }],
    ['a token display prefix', { prefix: 'rw_AbCdEf' }],
    ['dates and nulls', { at: new Date('2026-01-01T00:00:00Z'), x: null }],
    ['an e-mail address', { email: 'erin@example.com' }],
    ['counts about secrets', { resealed: 3, alreadyCurrent: 1, keyId: 'ab12cd34' }],
  ])('leaves %s alone', (_name, input) => {
    expect(redactSecrets(input)).toEqual(input);
  });
});
