//! TLS and proxies through the binary: a loopback HTTPS server with a certificate made for the
//! test is trusted only through SSL_CERT_FILE or SSL_CERT_DIR (and a setting that gives no
//! root is refused), an endpoint that speaks only TLS 1.0 is named for it, a redirect is never
//! followed, and HTTPS_PROXY/HTTP_PROXY/NO_PROXY steer the request: a remote endpoint only
//! through a tunnel, a loopback one never through a proxy, an unusable proxy never at all.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::common::fault::{self, FaultServer, json, redirect};
use crate::common::server::https_answering_ok;
use crate::common::*;

#[test]
fn https_with_a_private_ca_from_ssl_cert_file() {
    let env = Env::new();
    let (server, ca_pem) = https_answering_ok();
    let port = server.port;
    let ca = env.write("corp-ca.pem", ca_pem.as_bytes());
    env.bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_FILE", &ca)
        .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
        .run()
        .assert_code(0);
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
    let (server, ca_pem) = https_answering_ok();
    let port = server.port;
    // A plain file name, as a hand-made directory has (no `openssl rehash` links), beside a
    // file that is not a certificate at all.
    env.write("certs/corp-ca.pem", ca_pem.as_bytes());
    env.write("certs/README", b"not a certificate\n");
    env.bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_DIR", env.path("certs"))
        .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
        .run()
        .assert_code(0);
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
    let (server, _) = https_answering_ok();
    let port = server.port;
    // An unrelated CA: the server's certificate does not chain to it.
    let other = rcgen::generate_simple_self_signed(vec!["other.test".to_string()]).unwrap();
    let ca = env.write("other-ca.pem", other.cert.pem().as_bytes());
    env.bind(&format!("https://127.0.0.1:{port}"))
        .env("SSL_CERT_FILE", &ca)
        .args(["--force", "-d", "a.example.com"])
        .run()
        .assert_code(6)
        .assert_stderr_starts_with(format!(
            "error: cannot connect to https://127.0.0.1:{port}/: invalid peer certificate"
        ))
        .assert_stderr_contains("hint: the server's certificate is not trusted");
    assert!(server.requests().is_empty(), "no request got through");
}

#[test]
fn a_loopback_endpoint_never_goes_through_a_proxy() {
    let env = Env::new();
    let proxy = FakeApi::answering_ok();
    let api = FakeApi::answering_ok();
    env.bind(&api.endpoint())
        .env("HTTP_PROXY", proxy.endpoint())
        .env("http_proxy", proxy.endpoint())
        .env("ALL_PROXY", proxy.endpoint())
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(0);
    assert_eq!(api.requests().len(), 1, "the endpoint got the request");
    assert!(
        proxy.requests().is_empty(),
        "the signed request went to the proxy"
    );
}

#[test]
fn a_redirect_is_never_followed_and_the_key_never_reaches_the_location_host() {
    let stranger = FaultServer::start(vec![json(200, r#"{"Response":{"RequestId":"x"}}"#)]);
    for status in [301, 302, 303, 307, 308] {
        let env = Env::new();
        let api = FaultServer::start(vec![redirect(status, &format!("{}/", stranger.endpoint()))]);
        env.bind(&api.endpoint())
            .args(["--force", "-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run()
            .assert_code(6)
            .assert_stderr_contains(format!("HTTP {status}"))
            .assert_stderr_contains("it redirects to 127.0.0.1")
            .assert_stderr_contains("the request was not processed as a bind")
            .assert_stderr_lacks("may have been uploaded")
            // No result table for a redirect.
            .assert_stdout_eq("");
        assert_eq!(api.requests().len(), 1, "not retried");
        assert!(String::from_utf8_lossy(&api.requests()[0].body).contains("CertificatePrivateKey"));
    }
    assert!(
        stranger.requests().is_empty(),
        "the Location host received the request"
    );
}

#[test]
fn a_remote_endpoint_goes_through_the_proxy_only_as_a_tunnel() {
    // The endpoint is a name that never resolves: only the proxy is ever contacted, and it
    // sees a CONNECT (TLS end to end), never the signed request.
    let proxy = FaultServer::start(vec![fault::Action::Respond {
        status: 502,
        headers: vec![],
        body: String::new(),
    }]);
    let env = Env::new();
    env.bind("https://live.example.invalid")
        .env("HTTPS_PROXY", proxy.endpoint())
        .args(["--max-attempts", "1", "--cert-id", "x", "--force"])
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(6);
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0]
            .head
            .starts_with("CONNECT live.example.invalid:443 HTTP/1.1"),
        "{}",
        seen[0].head
    );
    assert!(seen[0].header("authorization").is_none());
}

#[test]
fn an_unusable_proxy_variable_is_a_usage_error_before_anything_is_sent() {
    let api = FaultServer::start(vec![json(200, &fault::bindings_answer("", Some(0)))]);
    for (var, value) in [
        ("HTTPS_PROXY", "http://"),
        ("HTTPS_PROXY", "socks5://127.0.0.1:1080"),
        ("ALL_PROXY", "http://u:p@[::1:3128"),
        ("http_proxy", "ftp://127.0.0.1:21"),
    ] {
        let env = Env::new();
        env.bind(&api.endpoint())
            .env(var, value)
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run()
            .assert_code(2)
            .assert_stderr_starts_with(format!("error: {var} is set but is not a usable proxy URL"))
            // The value may hold a password.
            .assert_stderr_lacks("u:p");
    }
    assert!(api.requests().is_empty());
}

#[test]
fn a_proxy_variable_that_is_not_text_is_never_used_mangled() {
    // A password with a byte that is not UTF-8, read lossily, is another password: the proxy
    // would be asked with it.
    let proxy = FaultServer::start(vec![fault::Action::Respond {
        status: 502,
        headers: vec![],
        body: String::new(),
    }]);
    let env = Env::new();
    let port = proxy.port;
    let mut value = b"http://user:pa".to_vec();
    value.push(0xff);
    value.extend_from_slice(format!("ss@127.0.0.1:{port}").as_bytes());
    let out = env
        .bind("https://live.example.invalid")
        .env("HTTPS_PROXY", OsString::from_vec(value))
        .args(["--max-attempts", "1", "--cert-id", "x", "--force"])
        .args(["-d", "a.example.com"])
        .run();
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
    out.assert_code(2)
        .assert_stderr_starts_with("error: HTTPS_PROXY is set but is not valid UTF-8");
}

/// A server that reads the ClientHello and answers `answer` (raw TLS records), as an
/// endpoint that speaks only TLS 1.0 does.
fn old_tls_server(answer: &'static [u8]) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hellos = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = hellos.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            let mut buf = [0u8; 4096];
            // A handshake record (0x16) holding a ClientHello (0x01).
            if matches!(s.read(&mut buf), Ok(n) if n > 5 && buf[0] == 0x16 && buf[5] == 0x01) {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            let _ = s.write_all(answer);
            let _ = s.read(&mut buf);
        }
    });
    (port, hellos)
}

/// A TLS 1.0 ServerHello (version 3.1, TLS_RSA_WITH_AES_128_CBC_SHA, no extensions), as a
/// server that knows nothing newer answers any ClientHello.
const TLS10_SERVER_HELLO: &[u8] = &[
    0x16, 0x03, 0x01, 0x00, 0x2a, // handshake record, TLS 1.0, 42 bytes
    0x02, 0x00, 0x00, 0x26, // ServerHello, 38 bytes
    0x03, 0x01, // server_version TLS 1.0
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32,   // random
    0x00, // no session id
    0x00, 0x2f, // cipher suite
    0x00, // no compression
];

/// A fatal protocol_version alert, as a server answers a hello it has no version in common with.
const PROTOCOL_VERSION_ALERT: &[u8] = &[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];

#[test]
fn a_tls_1_0_only_endpoint_is_named_for_its_protocol_version_not_an_untrusted_certificate() {
    for answer in [TLS10_SERVER_HELLO, PROTOCOL_VERSION_ALERT] {
        let env = Env::new();
        let (port, hellos) = old_tls_server(answer);
        let out = env
            .bind(&format!("https://127.0.0.1:{port}"))
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .run();
        out.assert(
            hellos.load(std::sync::atomic::Ordering::SeqCst) == 1,
            "one ClientHello reached the server",
        )
        .assert_code(6)
        .assert_stderr_starts_with(format!(
            "error: cannot connect to https://127.0.0.1:{port}/"
        ))
        .assert_stderr_lacks("certificate is not trusted")
        .assert_stderr_contains(
            "hint: the server offers no TLS version tclive speaks: it needs TLS 1.2 or 1.3",
        );
    }
}

#[test]
fn a_trust_store_setting_that_gives_no_usable_root_is_refused_before_anything_is_sent() {
    let env = Env::new();
    let empty = env.write("empty.pem", b"# no certificate here\n");
    let crowded = env.path("crowded");
    std::fs::create_dir_all(&crowded).unwrap();
    for i in 0..10_001 {
        std::fs::write(crowded.join(format!("{i}.pem")), b"").unwrap();
    }
    let cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        ("SSL_CERT_FILE", env.path("nonexistent.pem"), "no such file"),
        ("SSL_CERT_FILE", empty.clone(), "holds no certificate"),
        ("SSL_CERT_DIR", env.path("nonexistent"), "no such directory"),
        ("SSL_CERT_DIR", crowded.clone(), "more than 10000 entries"),
    ];
    for (var, path, why) in cases {
        let api = FakeApi::answering_ok();
        env.bind(&api.endpoint())
            .env(var, &path)
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .run()
            .assert_code(2)
            .assert_stderr_starts_with(format!("error: {var} {}", path.display()))
            .assert_stderr_contains(why);
        assert!(api.server.requests().is_empty(), "{var}");
    }
}

#[test]
fn an_ssl_cert_dir_made_by_c_rehash_is_trusted_and_what_is_not_a_file_in_it_is_skipped() {
    let env = Env::new();
    let (server, ca_pem) = https_answering_ok();
    // A directory whose name is not UTF-8: SSL_CERT_DIR is a path.
    let dir = env
        .home
        .path()
        .join(OsString::from_vec(b"ce\xffrts".to_vec()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = env.write("ca/corp-ca.pem", ca_pem.as_bytes());
    std::os::unix::fs::symlink(&ca, dir.join("9d66eef0.0")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.pem")).unwrap();
    std::os::unix::fs::symlink("/nonexistent", dir.join("dangling.0")).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.pem"))
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::create_dir_all(dir.join("subdir")).unwrap();
    within_20s(
        env.bind(&format!("https://127.0.0.1:{}", server.port))
            .env("SSL_CERT_DIR", &dir)
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"]),
    )
    .assert_code(0);
    assert_eq!(server.requests().len(), 1);
    // The same rule for cert probe's roots: its edge is trusted through the directory.
    use crate::common::edge::{Pki, edge, serve};
    let pki = Pki::new("Rehash");
    let chain = pki.chain_for(&["a.example.com"]);
    let edge = edge(vec![("a.example.com", serve(&chain))]);
    let root = env.write("ca/probe-root.pem", pki.root.pem.as_bytes());
    std::os::unix::fs::symlink(&root, dir.join("0a1b2c3d.0")).unwrap();
    let out = within_20s(
        env.cmd()
            .env("SSL_CERT_DIR", &dir)
            .args(["-o", "json", "cert", "probe", "-d", "a.example.com"])
            .args([
                "--connect-to",
                &format!("a.example.com:127.0.0.1:{}", edge.port),
            ]),
    );
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v[0]["result"], "ok", "{v}");
}
