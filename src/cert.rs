//! Local PEM loading for `--cert`/`--key`: pure functions from bytes to what is sent.
//!
//! A file that cannot be what it claims to be (empty, DER, a key given as the certificate, an
//! encrypted key …) is refused here, before anything is sent, with the fix in the message. What
//! is sent is re-encoded: LF line endings, 64-column base64, no BOM or text between blocks.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rustls_pki_types::pem::{PemObject, SectionKind};

use crate::secret::Secret;

/// The certificates of a `--cert` file, in file order, as DER.
#[derive(Debug, Clone)]
pub struct CertPem {
    /// Never empty, at most MAX_CHAIN: only [`load_cert`] makes one.
    ders: Vec<Vec<u8>>,
}

impl CertPem {
    /// The certificates, DER, in file order; at least one.
    pub fn ders(&self) -> &[Vec<u8>] {
        &self.ders
    }

    /// PEM text of the certificates in the given order (indexes into `ders`).
    pub fn pem_in_order(&self, order: &[usize]) -> String {
        let mut pem = String::new();
        for &i in order {
            if let Some(der) = self.ders.get(i) {
                encode(SectionKind::Certificate, der, &mut pem);
            }
        }
        pem
    }
}

/// The private key: its PEM as it will be sent and its DER for local checks. Never printable.
#[derive(Debug, Clone)]
pub struct KeyPem {
    pub pem: Secret,
    pub kind: KeyKind,
    pub der: secrecy::SecretSlice<u8>,
}

/// How the key file encodes the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `RSA PRIVATE KEY`
    Pkcs1,
    /// `PRIVATE KEY`
    Pkcs8,
    /// `EC PRIVATE KEY`
    Sec1,
}

fn label(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Certificate => "CERTIFICATE",
        SectionKind::RsaPrivateKey => "RSA PRIVATE KEY",
        SectionKind::PrivateKey => "PRIVATE KEY",
        SectionKind::EcPrivateKey => "EC PRIVATE KEY",
        SectionKind::PublicKey => "PUBLIC KEY",
        SectionKind::Crl => "X509 CRL",
        SectionKind::Csr => "CERTIFICATE REQUEST",
        _ => "UNKNOWN",
    }
}

fn encode(kind: SectionKind, der: &[u8], out: &mut String) {
    let b64 = STANDARD.encode(der);
    out.push_str("-----BEGIN ");
    out.push_str(label(kind));
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label(kind));
    out.push_str("-----\n");
}

fn is_key(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::RsaPrivateKey | SectionKind::PrivateKey | SectionKind::EcPrivateKey
    )
}

/// A decoded PEM block; a private key's bytes are zeroed when dropped.
type Section = (SectionKind, zeroize::Zeroizing<Vec<u8>>);

/// Whether `hay` holds `needle` (memchr's search: a 1 MiB chain is scanned several times).
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Common first checks; returns the decoded sections. `role` is `--cert` or `--key`; `name`
/// is the file as the user wrote it. Errors never quote the file's content.
fn sections(role: &str, name: &str, bytes: &[u8]) -> Result<Vec<Section>, String> {
    let trimmed = bytes.trim_ascii();
    if trimmed.is_empty() || trimmed == b"\xef\xbb\xbf" {
        return Err(format!("{role} {name}: the file is empty"));
    }
    let text_like = std::str::from_utf8(bytes).is_ok();
    let has_begin = holds(bytes, b"-----BEGIN ");
    if !has_begin {
        if trimmed.first() == Some(&0x30) && !text_like {
            let hint = if role == "--key" {
                format!("openssl pkey -inform der -in {name} -out key.pem")
            } else {
                format!("openssl x509 -inform der -in {name} -out cert.pem")
            };
            return Err(format!(
                "{role} {name}: this looks like a binary DER file, but PEM is needed; convert it with: {hint}"
            ));
        }
        return Err(format!(
            "{role} {name}: not a PEM file (no '-----BEGIN' line); give the PEM file your ACME client wrote"
        ));
    }
    if holds(bytes, b"ENCRYPTED PRIVATE KEY") || holds(bytes, b"Proc-Type: 4,E") {
        // A key where a certificate belongs is a key in the wrong place first, encrypted or
        // not: the same words as for an unencrypted one, then what --key will need of it.
        if role != "--key" && !holds(bytes, b"-----BEGIN CERTIFICATE-----") {
            let then = if role == "--cert" {
                format!(
                    " (it must also be decrypted to be used as --key: openssl pkey -in {name} -out key.pem)"
                )
            } else {
                String::new()
            };
            return Err(format!(
                "{role} {name}: this file holds an encrypted private key, not a certificate; {}{then}",
                key_in_cert_hint(role)
            ));
        }
        return Err(format!(
            "{role} {name}: the private key is encrypted; decrypt it first with: openssl pkey -in {name} -out key.pem (then chmod 600 key.pem)"
        ));
    }
    // A BOM or indentation in front of a BEGIN line would make the parser skip that block
    // silently: trim every line first (whitespace means nothing in PEM).
    let mut clean = zeroize::Zeroizing::new(Vec::with_capacity(bytes.len()));
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    for line in bytes.split(|&b| b == b'\n') {
        clean.extend_from_slice(line.trim_ascii());
        clean.push(b'\n');
    }
    let mut out = Vec::new();
    for item in <(SectionKind, Vec<u8>) as PemObject>::pem_slice_iter(&clean) {
        match item {
            Ok((kind, der)) => out.push((kind, zeroize::Zeroizing::new(der))),
            Err(e) => {
                let why = match e {
                    rustls_pki_types::pem::Error::MissingSectionEnd { .. } => {
                        "a block has no matching END line (truncated file?)"
                    }
                    rustls_pki_types::pem::Error::Base64Decode(_) => {
                        "a block's base64 content is damaged"
                    }
                    _ => "the PEM structure is damaged",
                };
                return Err(format!("{role} {name}: not valid PEM: {why}"));
            }
        }
    }
    let begins = clean
        .split(|&b| b == b'\n')
        .filter(|l| {
            [
                &b"-----BEGIN CERTIFICATE-----"[..],
                b"-----BEGIN PRIVATE KEY-----",
                b"-----BEGIN RSA PRIVATE KEY-----",
                b"-----BEGIN EC PRIVATE KEY-----",
            ]
            .contains(l)
        })
        .count();
    if begins != out.len() {
        return Err(format!(
            "{role} {name}: {} of {begins} PEM blocks could not be read (damaged BEGIN line?)",
            begins - out.len().min(begins)
        ));
    }
    Ok(out)
}

/// What to do about a private key given to `flag` (`--cert`, `--expect-cert`).
fn key_in_cert_hint(flag: &str) -> &'static str {
    if flag == "--cert" {
        "did you swap --cert and --key?"
    } else {
        "give the certificate (fullchain.pem or cert.pem)"
    }
}

pub fn load_cert(name: &str, bytes: &[u8]) -> Result<CertPem, String> {
    load_cert_as("--cert", name, bytes)
}

/// [`load_cert`] for the option `flag` (`--cert`, `--expect-cert`), which messages name.
pub fn load_cert_as(flag: &str, name: &str, bytes: &[u8]) -> Result<CertPem, String> {
    let sections = sections(flag, name, bytes)?;
    let ders: Vec<Vec<u8>> = sections
        .iter()
        .filter(|(k, _)| *k == SectionKind::Certificate)
        .map(|(_, der)| der.to_vec())
        .collect();
    if ders.is_empty() {
        if sections.iter().any(|(k, _)| is_key(*k)) {
            return Err(format!(
                "{flag} {name}: this file holds a private key, not a certificate; {}",
                key_in_cert_hint(flag)
            ));
        }
        return Err(format!(
            "{flag} {name}: no CERTIFICATE block found; give the full-chain certificate (fullchain.pem)"
        ));
    }
    if ders.len() > MAX_CHAIN {
        return Err(format!(
            "{flag} {name}: {} certificates; a chain is the leaf and a few intermediates (at most {MAX_CHAIN}): is this a CA bundle?",
            ders.len()
        ));
    }
    Ok(CertPem { ders })
}

/// The most certificates a `--cert` file may hold. Real chains have 2 to 4; the bound keeps
/// the chain ordering (which compares every pair) cheap whatever the file holds.
pub const MAX_CHAIN: usize = 16;

pub fn load_key(name: &str, bytes: &[u8]) -> Result<KeyPem, String> {
    let sections = sections("--key", name, bytes)?;
    let keys: Vec<_> = sections.iter().filter(|(k, _)| is_key(*k)).collect();
    match keys.as_slice() {
        [(kind, der)] => {
            let mut pem = String::new();
            encode(*kind, der, &mut pem);
            let kind = match kind {
                SectionKind::RsaPrivateKey => KeyKind::Pkcs1,
                SectionKind::EcPrivateKey => KeyKind::Sec1,
                _ => KeyKind::Pkcs8,
            };
            // The PEM and each of its lines: how a server quoting the request shows it.
            crate::redact::register_pem(&pem);
            Ok(KeyPem {
                pem: Secret::new(pem),
                kind,
                der: der.to_vec().into(),
            })
        }
        [] if sections.iter().any(|(k, _)| *k == SectionKind::Certificate) => Err(format!(
            "--key {name}: this file holds a certificate, not a private key; did you swap --cert and --key?"
        )),
        [] => Err(format!(
            "--key {name}: no PRIVATE KEY block found; give the private key file (privkey.pem)"
        )),
        _ => Err(format!(
            "--key {name}: the file holds {} private keys; give a file with exactly one",
            keys.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";

    #[test]
    fn reencodes_with_lf_and_drops_stray_text() {
        let messy = format!(
            "\u{feff}Bag Attributes\r\n{}\r\nsubject=CN=x\r\n{}",
            CERT.replace('\n', "\r\n"),
            CERT
        );
        let c = load_cert("f.pem", messy.as_bytes()).unwrap();
        assert_eq!(c.ders.len(), 2);
        assert_eq!(c.pem_in_order(&[0, 1]), format!("{CERT}{CERT}"));
        let k = load_key("k.pem", KEY.replace('\n', "\r\n").as_bytes()).unwrap();
        assert_eq!(k.pem.expose(), KEY);
    }

    #[test]
    fn a_bom_or_indentation_before_the_first_block_loses_nothing() {
        let c = load_cert("f.pem", format!("\u{feff}{CERT}  {CERT}").as_bytes()).unwrap();
        assert_eq!(c.ders.len(), 2);
        // openssl ecparam -genkey writes an EC PARAMETERS block before the key.
        let params =
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        let k = load_key("k.pem", format!("{params}{KEY}").as_bytes()).unwrap();
        assert_eq!(k.pem.expose(), KEY);
    }

    #[test]
    fn refusals_name_the_file_and_the_fix() {
        let e = load_cert("c.pem", b"  \n").unwrap_err();
        assert_eq!(e, "--cert c.pem: the file is empty");
        let e = load_cert("c.der", &[0x30, 0x82, 0x01, 0xff, 0x80]).unwrap_err();
        assert!(e.contains("openssl x509 -inform der -in c.der"), "{e}");
        let e = load_cert("k.pem", KEY.as_bytes()).unwrap_err();
        assert!(e.contains("swap --cert and --key"), "{e}");
        let e = load_key("c.pem", CERT.as_bytes()).unwrap_err();
        assert!(e.contains("swap --cert and --key"), "{e}");
        let e = load_key("k.pem", b"hello").unwrap_err();
        assert!(e.contains("not a PEM file"), "{e}");
        let enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQE=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let e = load_key("k.pem", enc.as_bytes()).unwrap_err();
        assert!(e.contains("openssl pkey -in k.pem"), "{e}");
        let e = load_key("k.pem", format!("{KEY}{KEY}").as_bytes()).unwrap_err();
        assert!(e.contains("2 private keys"), "{e}");
        let e = load_cert("c.pem", b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n").unwrap_err();
        assert!(e.contains("no matching END"), "{e}");
        let e = load_cert(
            "c.pem",
            b"-----BEGIN CERTIFICATE-----\nM@@@\n-----END CERTIFICATE-----\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            "--cert c.pem: not valid PEM: a block's base64 content is damaged"
        );
        let params =
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        let e = load_cert("c.pem", params.as_bytes()).unwrap_err();
        assert!(e.starts_with("--cert c.pem: no CERTIFICATE block found; give the full-chain"));
        let e = load_key("k.pem", params.as_bytes()).unwrap_err();
        assert!(e.starts_with("--key k.pem: no PRIVATE KEY block found; give the private key"));
        // A typo in an END line's label: the block has no end.
        let broken = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATX-----\n";
        let e = load_cert("c.pem", format!("{CERT}{broken}").as_bytes()).unwrap_err();
        assert_eq!(
            e,
            "--cert c.pem: not valid PEM: a block has no matching END line (truncated file?)"
        );
    }

    #[test]
    fn a_loaded_key_never_prints() {
        let k = load_key("k.pem", KEY.as_bytes()).unwrap();
        let shown = format!("{k:?} {}", k.pem);
        assert!(!shown.contains("MAMCAQE"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    fn key_errors_never_quote_the_key() {
        let broken = "-----BEGIN PRIVATE KEY-----\nSECRETSECRET!!\n-----END PRIVATE KEY-----\n";
        let e = load_key("k.pem", broken.as_bytes()).unwrap_err();
        assert!(!e.contains("SECRETSECRET"), "{e}");
    }
}
