//! Tables on a terminal (stdout on a pseudo-terminal of 60, 80 and 120 columns): names, codes,
//! ids, times and fingerprints are never split; only free text wraps; tables show a short
//! fingerprint and tsv/json the whole one.

use crate::common::fake_live::*;
use crate::common::pty;
use crate::common::*;

const WIDTHS: [u16; 3] = [60, 80, 120];

/// Every token appears whole on one line of `text`.
fn assert_whole(text: &str, tokens: &[&str], cols: u16) {
    for t in tokens {
        assert!(
            text.lines().any(|l| l.contains(t)),
            "at {cols} columns `{t}` is split or missing:\n{text}"
        );
    }
}

/// Display width of a line, colour codes left out (tables are coloured on a terminal).
fn width(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            n += 1;
        }
    }
    n
}

const LONG_A: &str = "play2.long-subdomain-for-tests.example.com";
const LONG_B: &str = "b.example.com";

fn partial_answer() -> String {
    format!(
        r#"{{"Response":{{"MismatchedDomainNames":[],"Errors":[{{"DomainName":"{LONG_A}","Code":"InvalidParameter.CrtDomainNotFound","Message":"The domain could not be found among the play domains of this account, check its spelling and that it was added to Live."}}],"RequestId":"req-1"}}}}"#
    )
}

#[test]
fn bind_report_never_splits_a_name_or_code_and_wraps_only_messages() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &partial_answer());
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args([
            "cert",
            "bind",
            "--endpoint",
            &api.endpoint(),
            "--cert-id",
            "abc",
        ])
        .args(["-d", LONG_A, "-d", LONG_B]);
        let seen = pty::run(cmd, cols);
        assert_eq!(seen.code, Some(5), "{}", seen.stderr);
        assert_whole(
            &seen.stdout,
            &[
                LONG_A,
                LONG_B,
                "InvalidParameter.CrtDomainNotFound",
                "failed",
                "MESSAGE",
            ],
            cols,
        );
        // The message is all there, word by word, whatever the wrapping.
        for word in
            "The domain could not be found among the play domains of this account".split(' ')
        {
            assert!(
                seen.stdout.contains(word),
                "{word} missing at {cols}:\n{}",
                seen.stdout
            );
        }
        // Where the names and codes fit, the table fits: the message wrapped rather than
        // the line running past the edge.
        if cols >= 120 {
            assert!(
                seen.stdout.lines().all(|l| width(l) <= cols as usize),
                "{}",
                seen.stdout
            );
            assert!(
                seen.stdout.lines().count() > 3,
                "the message wrapped:\n{}",
                seen.stdout
            );
        }
    }
}

fn listing() -> FakeLive {
    let mut st = LiveState::default();
    for (name, id, expire) in [
        (LONG_A, "hZy2N9vFlongcertid", "2027-02-26 06:58:47"),
        (LONG_B, "other-cert-id", "2027-03-01 08:00:00"),
    ] {
        st.domains.push(FakeDomain {
            name: name.into(),
            play: true,
            enabled: true,
        });
        st.bindings.insert(
            name.into(),
            FakeBinding {
                cloud_cert_id: id.into(),
                alias: "renewed-2026-with-a-long-alias".into(),
                https: 1,
                expire: expire.into(),
                update: Some("2026-11-27 07:30:00".into()),
                pem: None,
            },
        );
    }
    FakeLive::start(st)
}

#[test]
fn cert_list_never_splits_names_ids_or_times() {
    let env = Env::new();
    let api = listing();
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args(["cert", "list", "--endpoint", &api.endpoint()]);
        let seen = pty::run(cmd, cols);
        assert_eq!(seen.code, Some(0), "{}", seen.stderr);
        assert_whole(
            &seen.stdout,
            &[
                LONG_A,
                "hZy2N9vFlongcertid",
                "renewed-2026-with-a-long-alias",
                "2027-02-25T22:58:47Z",
                "2026-11-26T23:30:00Z",
                "DAYS LEFT",
            ],
            cols,
        );
        assert_eq!(
            seen.stdout.lines().count(),
            3,
            "one line per row at {cols}:\n{}",
            seen.stdout
        );
    }
}

#[test]
fn plan_shows_a_short_fingerprint_whole_and_tsv_the_full_one() {
    let env = Env::new();
    let api = listing();
    let pair = env.key_pair_args(&[LONG_A]);
    let mut fingerprint = None;
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args([
            "cert",
            "bind",
            "--endpoint",
            &api.endpoint(),
            "--plan",
            "-d",
            LONG_A,
        ])
        .args(&pair);
        let seen = pty::run(cmd, cols);
        assert_eq!(seen.code, Some(0), "{}", seen.stderr);
        let short = seen
            .stdout
            .split_whitespace()
            .find(|w| w.starts_with("sha256:"))
            .unwrap_or_else(|| panic!("no fingerprint at {cols}:\n{}", seen.stdout))
            .to_string();
        assert_eq!(short.len(), "sha256:".len() + 16, "{}", seen.stdout);
        assert_whole(
            &seen.stdout,
            &[LONG_A, "2027-02-25T22:58:47Z", "WANT HTTPS"],
            cols,
        );
        assert_eq!(seen.stdout.lines().count(), 2, "{}", seen.stdout);
        fingerprint.get_or_insert(short);
    }
    // tsv (not a terminal) has the whole fingerprint, which starts with the short one.
    let out = env
        .bind(&api.endpoint())
        .args(["--plan", "-o", "tsv", "-d", LONG_A])
        .args(&pair)
        .run();
    let full = stdout(&out)
        .split('\t')
        .find(|w| w.starts_with("sha256:"))
        .expect("fingerprint in tsv")
        .to_string();
    assert_eq!(full.len(), "sha256:".len() + 64);
    assert!(full.starts_with(fingerprint.as_deref().unwrap()));
    // `cert check` writes it in the same form.
    let mut check = env.cmd();
    check.args(["cert", "check", "-o", "json"]).args(&pair);
    let out = check.run();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["sha256_fingerprint"], full.as_str());
}

#[test]
fn cert_check_wraps_details_not_check_names() {
    let env = Env::new();
    let pair = env.key_pair_args(&["a.example.com"]);
    for cols in WIDTHS {
        let mut cmd = env.std_cmd_with_creds();
        cmd.args(["cert", "check", "-d", "unrelated.example.org"])
            .args(&pair);
        let seen = pty::run(cmd, cols);
        assert_eq!(seen.code, Some(3), "{}", seen.stderr);
        assert_whole(
            &seen.stdout,
            &["validity", "names", "fail", "unrelated.example.org"],
            cols,
        );
        let table: Vec<&str> = seen
            .stdout
            .lines()
            .skip_while(|l| !l.starts_with("CHECK"))
            .collect();
        assert!(
            table.iter().all(|l| width(l) <= cols as usize),
            "at {cols} the check table fits:\n{}",
            seen.stdout
        );
    }
}
