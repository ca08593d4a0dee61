// A self-signed CA certificate for localhost and 127.0.0.1, made for this run only (no openssl
// needed): the local HTTPS stand-ins serve with it and the code under test trusts it as its CA file.
import selfsigned from 'selfsigned';

export function selfSignedCertificate(commonName: string): ReturnType<typeof selfsigned.generate> {
  return selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  } as Parameters<typeof selfsigned.generate>[1]);
}
