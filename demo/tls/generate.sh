#!/bin/sh
# Regenerates the demo's TLS material: a private demo CA and a server certificate it signs for
# 127.0.0.1, ::1 and localhost, where `npm start` runs the demo upstream over HTTPS. The runtime
# trusts the CA through --upstream-ca; nothing else should. Demo use only: the key is public.
# Long validity (100 years) so a clone never finds it expired. The CA key is not kept: rerun this
# script to change anything. Run from anywhere: sh demo/tls/generate.sh
set -eu
cd "$(dirname "$0")"
DAYS=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Demo CA (P-256: fast handshakes).
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key"
openssl req -x509 -new -key "$tmp/ca.key" -sha256 -days "$DAYS" \
  -subj "/CN=Conduit Demo CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca-cert.pem

# Server certificate of the demo upstream, signed by the demo CA.
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/server.key"
openssl pkcs8 -topk8 -nocrypt -in "$tmp/server.key" -out server-key.pem
openssl req -new -key server-key.pem -subj "/CN=localhost" -out "$tmp/server.csr"
cat > "$tmp/server.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
openssl x509 -req -in "$tmp/server.csr" -CA ca-cert.pem -CAkey "$tmp/ca.key" \
  -CAserial "$tmp/ca.srl" -CAcreateserial -sha256 -days "$DAYS" -extfile "$tmp/server.ext" -out server-cert.pem

openssl verify -CAfile ca-cert.pem server-cert.pem
