/**
 * The local management plane's PKI, made with the openssl CLI: one CA that signs the API
 * server's and webhooks' serving certificates and every client certificate, plus the
 * service-account signing key pair. Files are created once and kept in the plane folder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A client identity of the plane, as the API server will see it (CN = user, O = groups). */
export type ClientIdentity = { name: string; user: string; groups: string[] };

/** Paths of what {@link ensurePki} wrote. */
export type Pki = {
  dir: string;
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  saKey: string;
  saPub: string;
  client: (name: string) => { cert: string; key: string };
};

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function writeExt(dir: string, name: string, lines: string[]): string {
  const path = join(dir, `${name}.ext`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

function signLeaf(dir: string, name: string, subject: string, ext: string[]): void {
  if (existsSync(join(dir, `${name}.crt`))) return;
  openssl(
    ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      subject,
    ]),
    dir,
  );
  const extFile = writeExt(dir, name, ext);
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"].concat([
      "-days",
      "3650",
      "-out",
      `${name}.crt`,
      "-extfile",
      extFile,
    ]),
    dir,
  );
}

/**
 * Creates (once) the CA, the serving certificate for 127.0.0.1/localhost, the service-account
 * keys and one client certificate per identity.
 */
export function ensurePki(dir: string, clients: ClientIdentity[]): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(dir, "ca.crt"))) {
    openssl(
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        .concat(["-keyout", "ca.key", "-out", "ca.crt", "-days", "3650", "-subj", "/CN=kaas-local-plane-ca"])
        .concat([
          "-addext",
          "basicConstraints=critical,CA:TRUE",
          "-addext",
          "keyUsage=critical,keyCertSign,cRLSign",
        ]),
      dir,
    );
  }
  signLeaf(dir, "serving", "/CN=127.0.0.1", [
    "basicConstraints=CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  if (!existsSync(join(dir, "sa.key"))) {
    openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key"], dir);
    openssl(["pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
  }
  for (const c of clients) {
    const subject = `${c.groups.map((g) => `/O=${g}`).join("")}/CN=${c.user}`;
    signLeaf(dir, `client-${c.name}`, subject, [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=clientAuth",
    ]);
  }
  return {
    dir,
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    servingCert: join(dir, "serving.crt"),
    servingKey: join(dir, "serving.key"),
    saKey: join(dir, "sa.key"),
    saPub: join(dir, "sa.pub"),
    client: (name) => ({ cert: join(dir, `client-${name}.crt`), key: join(dir, `client-${name}.key`) }),
  };
}

/** A kubeconfig with the client certificate and CA embedded, for `server`. */
export function kubeconfigFor(pki: Pki, name: string, user: string, server: string): string {
  const b64 = (p: string) => readFileSync(p).toString("base64");
  const { cert, key } = pki.client(name);
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: kaas-local",
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(pki.caCert)}`,
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${b64(cert)}`,
    `    client-key-data: ${b64(key)}`,
    "contexts:",
    "- name: kaas-local",
    "  context:",
    "    cluster: kaas-local",
    `    user: ${user}`,
    "current-context: kaas-local",
    "",
  ].join("\n");
}
