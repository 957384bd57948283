//! Bad input: a clear error naming the input, exit 2, and nothing sent. Domain parsing through
//! the binary: suffixes, IDN, case, trailing dot, URLs by mistake, conflicts, domains files.

use crate::common::*;

/// Runs a bind with credentials against a fake API that must receive nothing.
fn refused(env: &Env, args: &[&str], expected: &str) {
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env.bind(&api.endpoint()).args(args).run();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(expected),
        "{args:?}: expected {expected:?} in:\n{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "{args:?}");
    assert!(api.requests().is_empty(), "{args:?}: something was sent");
}

#[test]
fn domain_arguments_that_are_refused() {
    let env = Env::new();
    refused(&env, &[], "no domain given");
    refused(&env, &["-d", "a.example.com:443"], "takes no port");
    refused(
        &env,
        &["-d", "a.example.com:maybe"],
        "unknown HTTPS state 'maybe'",
    );
    refused(
        &env,
        &["-d", "https://play.example.com/live/x"],
        "looks like a URL: give the bare domain name ('play.example.com')",
    );
    refused(&env, &["-d", "play.example.com/live"], "contains a path");
    refused(&env, &["-d", "bad name.com"], "contains spaces");
    refused(
        &env,
        &["-d", "under_score.example.com"],
        "not a valid host name",
    );
    refused(
        &env,
        &["-d", "localhost"],
        "not a fully qualified domain name",
    );
    refused(&env, &["-d", "a..example.com"], "empty label");
    let long = format!("{}.example.com", "a".repeat(64));
    refused(&env, &["-d", &long], "at most 63");
    refused(
        &env,
        &["-d", "a.example.com:on", "-d", "A.Example.com.:off"],
        "domain a.example.com is requested twice with different HTTPS states: 'a.example.com:on' (--domain) and 'a.example.com:off' (--domain)",
    );
}

#[test]
fn certificate_arguments_that_are_refused() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    let key = env.write("k.pem", kp.key_pem.as_bytes());
    let empty = env.write("empty.pem", b"\n\n");
    let text = env.write("notes.txt", b"hello world\n");
    let der = env.write(
        "c.der",
        &[0x30, 0x82, 0x03, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xff],
    );
    let (c, k, e, t, d) = (
        cert.to_str().unwrap(),
        key.to_str().unwrap(),
        empty.to_str().unwrap(),
        text.to_str().unwrap(),
        der.to_str().unwrap(),
    );
    let missing = env.path("nope.pem");
    let m = missing.to_str().unwrap();
    fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        [&["-d", "a.example.com"][..], extra].concat()
    }

    refused(
        &env,
        &with(&["--cert-id", "x", "--cert", c, "--key", k]),
        "cannot be used with",
    );
    refused(&env, &with(&["--cert", c]), "--key <FILE>");
    refused(&env, &with(&["--key", k]), "--cert <FILE>");
    refused(
        &env,
        &with(&["--cert-id", "x", "--alias", "a"]),
        "cannot be used with",
    );
    refused(&env, &with(&["--alias", "a"]), "--cert <FILE>");
    refused(&env, &with(&["--cert-id", "  "]), "is not a certificate ID");
    refused(
        &env,
        &with(&["--cert", m, "--key", k]),
        &format!("--cert {m}: cannot read: no such file"),
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", m]),
        &format!("--key {m}: cannot read: no such file"),
    );
    refused(
        &env,
        &with(&["--cert", e, "--key", k]),
        &format!("--cert {e}: the file is empty"),
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", e]),
        &format!("--key {e}: the file is empty"),
    );
    refused(
        &env,
        &with(&["--cert", t, "--key", k]),
        &format!("--cert {t}: not a PEM file"),
    );
    refused(
        &env,
        &with(&["--cert", d, "--key", k]),
        &format!("openssl x509 -inform der -in {d}"),
    );
    refused(
        &env,
        &with(&["--cert", k, "--key", c]),
        "did you swap --cert and --key?",
    );
    let dir = env.home.path().to_str().unwrap();
    refused(&env, &with(&["--cert", dir, "--key", k]), "is a directory");
    refused(
        &env,
        &with(&["--cert", "-", "--key", "-"]),
        "--cert and --key both read stdin ('-'); only one of them can: give the other as a file",
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", k, "--alias", ""]),
        "--alias is empty",
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", k, "--alias", "renewed\x1b[2J"]),
        "--alias contains control characters; use plain text",
    );
    refused(
        &env,
        &with(&["--cert-id", "x", "--plan", "--dry-run"]),
        "--plan reads the current bindings from the API, which --dry-run never does",
    );
}

#[test]
fn unreadable_file_is_a_usage_error() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    let key = env.write("k.pem", kp.key_pem.as_bytes());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads anything; only assert where the permission really bites.
    if std::fs::read(&key).is_err() {
        refused(
            &env,
            &[
                "-d",
                "a.example.com",
                "--cert",
                cert.to_str().unwrap(),
                "--key",
                key.to_str().unwrap(),
            ],
            "permission denied",
        );
    }
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn bad_global_options_are_refused() {
    let env = Env::new();
    refused(
        &env,
        &["-d", "a.example.com", "--timeout", "soon"],
        "--timeout",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--timeout", "0s"],
        "more than zero",
    );
    refused(
        &env,
        &["-d", "a.example.com", "-o", "xml"],
        "invalid value 'xml'",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--language", "fr-FR"],
        "invalid value 'fr-FR'",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--color", "sometimes"],
        "invalid value 'sometimes'",
    );
    for (endpoint, expected) in [
        (
            "http://api.example.com",
            "http:// is allowed only for loopback hosts",
        ),
        (
            "http://192.168.1.10:8080",
            "http:// is allowed only for loopback hosts",
        ),
        ("https://a.example.com/v3", "the API lives at the root"),
        ("ftp://a.example.com", "unsupported scheme 'ftp'"),
    ] {
        let out = env.bind(endpoint).args(["-d", "a.example.com"]).run();
        assert_eq!(out.status.code(), Some(2), "{endpoint}");
        assert!(
            stderr(&out).contains(expected),
            "{endpoint}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn idn_case_and_trailing_dot_are_normalised_in_what_is_sent() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .cmd_with_creds()
        // --force: send every domain, so the request shows each normalised name.
        .args([
            "cert",
            "bind",
            "--force",
            "-d",
            "直播.例子.com",
            "-d",
            "PLAY.Example.COM.:Keep",
        ])
        .args([
            "-d",
            "play.example.com:keep",
            "--endpoint",
            &api.endpoint(),
            "-o",
            "tsv",
        ])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"xn--z6ut02b.xn--fsqu00a.com","Status":1},{"DomainName":"play.example.com","Status":-1}]}"#
    );
    assert_eq!(
        stdout(&out),
        "xn--z6ut02b.xn--fsqu00a.com\ton\tok\t\t\nplay.example.com\tkeep\tok\t\t\n"
    );
}

#[test]
fn domains_file_with_comments_merges_with_flags() {
    let env = Env::new();
    let file = env.write(
        "domains.txt",
        b"# playback domains\n\na.example.com\r\n  b.example.com:off   # legacy player\nc.example.com:keep\na.example.com:on\n",
    );
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .cmd_with_creds()
        .args(["cert", "bind", "--cert-id", "x", "-d", "z.example.com"])
        .arg("--domains-file")
        .arg(&file)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"z.example.com","Status":1},{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0},{"DomainName":"c.example.com","Status":-1}],"CloudCertId":"x"}"#
    );
}

#[test]
fn domains_file_from_stdin_and_its_errors_name_the_line() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .bind(&api.endpoint())
        .args(["--domains-file", "-", "-o", "tsv"])
        .write_stdin("a.example.com:off\n")
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a.example.com\toff\tok\t\t\n");

    let bad = env.write("d.txt", b"a.example.com\n\nhttps://b.example.com\n");
    refused(
        &env,
        &["--domains-file", bad.to_str().unwrap()],
        &format!(
            "--domains-file {} line 3: 'https://b.example.com' looks like a URL",
            bad.display()
        ),
    );
    let conflict = env.write("c.txt", b"a.example.com:off\n");
    refused(
        &env,
        &[
            "-d",
            "a.example.com",
            "--domains-file",
            conflict.to_str().unwrap(),
        ],
        &format!(
            "'a.example.com:on' (--domain) and 'a.example.com:off' ({} line 1)",
            conflict.display()
        ),
    );
    refused(
        &env,
        &["--domains-file", env.path("none.txt").to_str().unwrap()],
        "no such file",
    );
    let blank = env.write("blank.txt", b"# nothing yet\n\n");
    refused(
        &env,
        &["--domains-file", blank.to_str().unwrap()],
        &format!(
            "error: --domains-file {} has no domain, only comments and blank lines: put one \
             NAME[:on|off|keep] per line in it, or give --domain NAME",
            blank.display()
        ),
    );
    let empty = env.write("empty.txt", b"");
    refused(
        &env,
        &["--domains-file", empty.to_str().unwrap(), "--cert-id", "x"],
        &format!("error: --domains-file {} is empty:", empty.display()),
    );
}

#[test]
fn arbitrary_bytes_as_arguments_never_panic() {
    let env = Env::new();
    for arg in [
        "\u{7f}",
        "%%%",
        ":",
        "::on",
        "*.*.com",
        "é",
        "\u{202e}moc.a",
        "a.com:on:off",
    ] {
        let out = env
            .cmd()
            .args(["--dry-run", "cert", "bind", "-d", arg])
            .run();
        assert_eq!(out.status.code(), Some(2), "{arg:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{arg:?}");
    }
}

#[test]
fn non_utf8_arguments_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--dry-run", "cert", "bind", "-d"])
        .arg(std::ffi::OsStr::from_bytes(b"a\xff.example.com"))
        .run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("invalid UTF-8"), "{}", stderr(&out));
}

#[test]
fn natural_guesses_get_a_pointer_to_the_right_command() {
    let env = Env::new();
    for word in ["bind", "check", "list"] {
        let out = env.cmd().arg(word).run();
        assert_eq!(out.status.code(), Some(2), "{word}");
        assert!(
            stderr(&out).contains(&format!("a similar subcommand exists: 'cert {word}'")),
            "{word}: {}",
            stderr(&out)
        );
    }
    // A window without a unit is most likely days.
    let out = env
        .cmd_with_creds()
        .args(["cert", "list", "--expiring-within", "30"])
        .run();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("write 30d (days)"),
        "{}",
        stderr(&out)
    );
    // Several names in one --domain: repeat the flag.
    let out = env
        .cmd()
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com,b.example.com",
        ])
        .run();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("holds several names: give one per --domain (repeat it)"),
        "{}",
        stderr(&out)
    );
}
