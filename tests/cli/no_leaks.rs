//! Every command path, run with a known secret key, session token and private key (and with
//! -v), and none of them may appear in stdout or stderr. (Every run in every other test is
//! checked the same way by the harness; this one makes sure each path is taken with all three
//! secrets present.)

use crate::common::fault::*;
use crate::common::*;

struct Setup {
    env: Env,
    cert: std::path::PathBuf,
    key: std::path::PathBuf,
    key_pem: String,
}

fn setup() -> Setup {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("fullchain.pem", kp.cert_pem.as_bytes());
    let key = env.write("privkey.pem", kp.key_pem.as_bytes());
    Setup {
        env,
        cert,
        key,
        key_pem: kp.key_pem,
    }
}

fn run(s: &Setup, endpoint: &str, args: &[&str]) -> std::process::Output {
    let out = s
        .env
        .cmd_with_creds()
        .env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
        .args(["--endpoint", endpoint])
        .args(args)
        .run();
    assert_no_secrets(&out, Some(&s.key_pem));
    out
}

fn pair_args<'a>(s: &'a Setup, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "cert",
        "bind",
        "-d",
        "a.example.com",
        "--cert",
        s.cert.to_str().unwrap(),
        "--key",
        s.key.to_str().unwrap(),
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn no_secret_on_any_path() {
    let s = setup();
    let answers = [
        ok_answer(""),
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X","Message":"m"}],"MismatchedDomainNames":["a.example.com"],"RequestId":"r"}}"#.to_string(),
        r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r"}}"#.to_string(),
        r#"{"Response":{"Error":{"Code":"AuthFailure.SecretIdNotFound","Message":"who?"},"RequestId":"r"}}"#.to_string(),
        "<html>proxy error</html>".to_string(),
    ];
    let mut codes = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        let api = FakeApi::start();
        api.answer(if i == 4 { 502 } else { 200 }, answer);
        for format in ["table", "json", "tsv"] {
            for verbose in [false, true] {
                let mut args = pair_args(&s, &["-o", format, "--max-attempts", "1"]);
                if verbose {
                    args.push("-v");
                }
                let out = run(&s, &api.endpoint(), &args);
                codes.push(out.status.code().unwrap());
            }
        }
    }
    // success 0, partial 5, API error 1, auth error 4, transport 6: every path was taken.
    for code in [0, 5, 1, 4, 6] {
        assert!(codes.contains(&code), "exit {code} not reached: {codes:?}");
    }

    // Network error with retries, verbose.
    let refused = closed_port();
    let out = run(
        &s,
        &format!("http://127.0.0.1:{refused}"),
        &pair_args(&s, &["-v", "--max-attempts", "2"]),
    );
    assert_eq!(out.status.code(), Some(6));

    // Retries after rate limits, and a clock correction, verbose.
    let server = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        Action::Respond {
            status: 200,
            headers: vec![(
                "Date".into(),
                httpdate::fmt_http_date(std::time::SystemTime::now() + std::time::Duration::from_secs(900)),
            )],
            body: r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"late"},"RequestId":"r"}}"#.into(),
        },
        json(200, &ok_answer("")),
    ]);
    let out = run(&s, &server.endpoint(), &pair_args(&s, &["-v", "--force"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("retry: "));
    assert!(stderr(&out).contains("your clock is"));

    // Dry run, verbose, json.
    for format in ["table", "json"] {
        let out = run(
            &s,
            "https://live.tencentcloudapi.com",
            &pair_args(&s, &["--dry-run", "-v", "-o", format]),
        );
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("<redacted: "));
    }

    // Credentials show, every format, from the environment and from a file.
    for format in ["table", "json", "tsv"] {
        let out = run(
            &s,
            "https://live.tencentcloudapi.com",
            &["credentials", "show", "-o", format],
        );
        assert_eq!(out.status.code(), Some(0));
    }
    let file = s.env.write(
        "creds.ini",
        format!("[default]\nsecret_id={SECRET_ID}\nsecret_key={SECRET_KEY}\ntoken={TOKEN}\n")
            .as_bytes(),
    );
    let out = s
        .env
        .cmd()
        .env("TENCENTCLOUD_CREDENTIALS_FILE", &file)
        .args(["credentials", "show", "-v"])
        .run();
    assert_eq!(out.status.code(), Some(0));

    // Local checks and bad input.
    let out = run(
        &s,
        "https://x.invalid",
        &[
            "cert",
            "check",
            "--cert",
            s.cert.to_str().unwrap(),
            "--key",
            s.key.to_str().unwrap(),
            "-o",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(
        &s,
        "https://x.invalid",
        &pair_args(&s, &["-d", "not-covered.example.net"]),
    );
    assert_eq!(out.status.code(), Some(3));
    for bad in [
        &["cert", "bind", "-d", "https://x/"][..],
        &["cert", "bind"],
        &["--timeout", "x"],
        &["nope"],
    ] {
        let out = run(&s, "https://x.invalid", bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    // A broken key file: the error never quotes it.
    let broken = s.env.write(
        "broken.pem",
        format!("-----BEGIN PRIVATE KEY-----\n{SECRET_KEY}!!\n-----END PRIVATE KEY-----\n")
            .as_bytes(),
    );
    let out = run(
        &s,
        "https://x.invalid",
        &[
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--cert",
            s.cert.to_str().unwrap(),
            "--key",
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
