// The committed demo TLS material (demo/tls, made by generate.sh there): the demo upstream serves
// HTTPS with `serverCert`/`serverKey`; the runtime trusts `CA_CERT_FILE` through --upstream-ca.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** PEM file of the demo CA, for the runtime's --upstream-ca. */
export const CA_CERT_FILE = file('ca-cert.pem');

export interface DemoTls {
  /** PEM of the demo upstream's certificate (SANs 127.0.0.1, ::1, localhost). */
  readonly cert: string;
  /** PEM (PKCS#8) of its key. */
  readonly key: string;
}

export function readDemoTls(): DemoTls {
  return { cert: readFileSync(file('server-cert.pem'), 'utf8'), key: readFileSync(file('server-key.pem'), 'utf8') };
}
