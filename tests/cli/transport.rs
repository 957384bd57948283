//! TLS and proxies through the binary: a loopback HTTPS server with a certificate made for the
//! test is trusted only through SSL_CERT_FILE or SSL_CERT_DIR, and HTTP_PROXY/NO_PROXY steer the request.

use std::sync::Arc;

use crate::common::server::{Handler, Reply, Request, Server};
use crate::common::*;

/// The fake API behind TLS on 127.0.0.1, with a fresh self-signed certificate for
/// 127.0.0.1; returns the server and that certificate's PEM (the trust anchor to give the
/// client).
pub(crate) fn https_server() -> (Server, String) {
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert_pem = ck.cert.pem();
    let cert_der = ck.cert.der().clone();
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(ck.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .unwrap();
    let server = Server::start_tls(Answer, Arc::new(config));
    (server, cert_pem)
}

/// Answers every request as a successful bind.
struct Answer;

impl Handler for Answer {
    fn reply(&self, _: &Request, _: usize) -> Reply {
        Reply::json(200, ok_answer(""))
    }
}

#[test]
fn https_with_a_private_ca_from_ssl_cert_file() {
    let env = Env::new();
    let (server, ca_pem) = https_server();
    let port = server.port;
    let ca = env.write("corp-ca.pem", ca_pem.as_bytes());
    let out = env
        .bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_FILE", &ca)
        .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let seen: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{}{}", r.head, r.body_string()))
        .collect();
    assert!(seen[0].starts_with("POST / HTTP/1.1\r\n"), "{seen:?}");
    assert!(
        seen[0]
            .to_ascii_lowercase()
            .contains(&format!("host: 127.0.0.1:{port}\r\n")),
        "{seen:?}"
    );
}

#[test]
fn https_with_a_private_ca_from_ssl_cert_dir() {
    let env = Env::new();
    let (server, ca_pem) = https_server();
    let port = server.port;
    // A plain file name, as a hand-made directory has (no `openssl rehash` links), beside a
    // file that is not a certificate at all.
    env.write("certs/corp-ca.pem", ca_pem.as_bytes());
    env.write("certs/README", b"not a certificate\n");
    let out = env
        .bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_DIR", env.path("certs"))
        .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let seen: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{}{}", r.head, r.body_string()))
        .collect();
    assert!(seen[0].starts_with("POST / HTTP/1.1\r\n"), "{seen:?}");
}

#[test]
fn untrusted_certificate_is_a_transport_failure() {
    let env = Env::new();
    let (server, _) = https_server();
    let port = server.port;
    // An unrelated CA: the server's certificate does not chain to it.
    let other = rcgen::generate_simple_self_signed(vec!["other.test".to_string()]).unwrap();
    let ca = env.write("other-ca.pem", other.cert.pem().as_bytes());
    let out = env
        .bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_FILE", &ca)
        .args(["--force", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: cannot connect to https://127.0.0.1:{port}/: invalid peer certificate"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: the server's certificate is not trusted"),
        "{err}"
    );
    assert!(server.requests().is_empty(), "no request got through");
    assert_no_secrets(&out, None);
}

#[test]
fn a_loopback_endpoint_never_goes_through_a_proxy() {
    let env = Env::new();
    let proxy = FakeApi::start();
    proxy.answer(200, &ok_answer(""));
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .bind(&api.endpoint())
        .env("HTTP_PROXY", proxy.endpoint())
        .env("http_proxy", proxy.endpoint())
        .env("ALL_PROXY", proxy.endpoint())
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(api.requests().len(), 1, "the endpoint got the request");
    assert!(
        proxy.requests().is_empty(),
        "the signed request went to the proxy"
    );
}
