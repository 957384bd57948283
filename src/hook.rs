//! `--from-hook-env`: the certificate and key paths from the environment an ACME client gives
//! its deploy hooks.

use std::ffi::OsString;
use std::path::PathBuf;

/// Where the files are, and which client said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookPaths {
    pub client: &'static str,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The variable pairs looked for, in order: (client, certificate variable, key variable).
const PAIRS: [(&str, &str, &str); 3] = [
    ("lego v5", "LEGO_HOOK_CERT_PATH", "LEGO_HOOK_CERT_KEY_PATH"),
    ("lego v4", "LEGO_CERT_PATH", "LEGO_CERT_KEY_PATH"),
    ("acme.sh", "CERT_FULLCHAIN_PATH", "CERT_KEY_PATH"),
];

pub fn resolve(env: &dyn Fn(&str) -> Option<OsString>) -> Result<HookPaths, String> {
    let get = |k: &str| env(k).filter(|v| !v.is_empty());
    // A hook runs under one client. Variables of two (a certbot hook that calls an acme.sh
    // script, a leftover export) leave the certificate to a guess: refused, both named.
    let clients: Vec<String> = [
        ("certbot", &["RENEWED_LINEAGE"][..]),
        (
            "lego",
            &[
                "LEGO_HOOK_CERT_PATH",
                "LEGO_HOOK_CERT_KEY_PATH",
                "LEGO_CERT_PATH",
                "LEGO_CERT_KEY_PATH",
            ][..],
        ),
        ("acme.sh", &["CERT_FULLCHAIN_PATH", "CERT_KEY_PATH"][..]),
    ]
    .iter()
    .filter_map(|(client, vars)| {
        let set: Vec<&str> = vars.iter().copied().filter(|v| get(v).is_some()).collect();
        (!set.is_empty()).then(|| format!("{} ({client})", set.join(", ")))
    })
    .collect();
    if clients.len() > 1 {
        return Err(format!(
            "--from-hook-env: the environment has the hook variables of more than one ACME \
             client: {}. Unset the ones of the client that is not running this hook, or give \
             --cert and --key instead of --from-hook-env.",
            clients.join(" and ")
        ));
    }
    if let Some(lineage) = get("RENEWED_LINEAGE") {
        let dir = PathBuf::from(lineage);
        return Ok(HookPaths {
            client: "certbot",
            cert: dir.join("fullchain.pem"),
            key: dir.join("privkey.pem"),
        });
    }
    for (client, cert_var, key_var) in PAIRS {
        match (get(cert_var), get(key_var)) {
            (Some(c), Some(k)) => {
                return Ok(HookPaths {
                    client,
                    cert: PathBuf::from(c),
                    key: PathBuf::from(k),
                });
            }
            (Some(_), None) => {
                return Err(format!(
                    "--from-hook-env: {cert_var} is set but {key_var} is not ({client}); is this hook run by {client}?"
                ));
            }
            (None, Some(_)) if cert_var != "CERT_FULLCHAIN_PATH" => {
                return Err(format!(
                    "--from-hook-env: {key_var} is set but {cert_var} is not ({client})"
                ));
            }
            _ => {}
        }
    }
    Err(
        "--from-hook-env: no ACME client's hook environment found. Looked for RENEWED_LINEAGE \
         (certbot --deploy-hook), LEGO_HOOK_CERT_PATH/LEGO_HOOK_CERT_KEY_PATH (lego v5), \
         LEGO_CERT_PATH/LEGO_CERT_KEY_PATH (lego v4 hooks), CERT_FULLCHAIN_PATH/CERT_KEY_PATH \
         (acme.sh --reloadcmd). Outside a hook, give --cert and --key."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).map(OsString::from)
    }

    #[test]
    fn each_client() {
        let p = resolve(&env(&[("RENEWED_LINEAGE", "/etc/letsencrypt/live/a")])).unwrap();
        assert_eq!(p.client, "certbot");
        assert_eq!(
            p.cert,
            PathBuf::from("/etc/letsencrypt/live/a/fullchain.pem")
        );
        assert_eq!(p.key, PathBuf::from("/etc/letsencrypt/live/a/privkey.pem"));
        let p = resolve(&env(&[
            ("LEGO_CERT_PATH", "/l/a.crt"),
            ("LEGO_CERT_KEY_PATH", "/l/a.key"),
        ]))
        .unwrap();
        assert_eq!(
            (p.client, p.cert, p.key),
            ("lego v4", "/l/a.crt".into(), "/l/a.key".into())
        );
        let p = resolve(&env(&[
            ("LEGO_HOOK_CERT_PATH", "/l5/a.crt"),
            ("LEGO_HOOK_CERT_KEY_PATH", "/l5/a.key"),
        ]))
        .unwrap();
        assert_eq!(p.client, "lego v5");
        // acme.sh also exports CERT_PATH (leaf only): the full chain is the one to send.
        let p = resolve(&env(&[
            ("CERT_PATH", "/a/a.cer"),
            ("CERT_FULLCHAIN_PATH", "/a/fullchain.cer"),
            ("CERT_KEY_PATH", "/a/a.key"),
        ]))
        .unwrap();
        assert_eq!((p.client, p.cert), ("acme.sh", "/a/fullchain.cer".into()));
    }

    #[test]
    fn two_clients_at_once_are_refused_naming_both() {
        let e = resolve(&env(&[
            ("RENEWED_LINEAGE", "/etc/letsencrypt/live/a"),
            ("CERT_FULLCHAIN_PATH", "/a/fullchain.cer"),
            ("CERT_KEY_PATH", "/a/a.key"),
        ]))
        .unwrap_err();
        assert!(
            e.contains(
                "RENEWED_LINEAGE (certbot) and CERT_FULLCHAIN_PATH, CERT_KEY_PATH (acme.sh)"
            ),
            "{e}"
        );
        // lego v4 and v5 names together are one client.
        let p = resolve(&env(&[
            ("LEGO_HOOK_CERT_PATH", "/l5/a.crt"),
            ("LEGO_HOOK_CERT_KEY_PATH", "/l5/a.key"),
            ("LEGO_CERT_PATH", "/l4/a.crt"),
        ]))
        .unwrap();
        assert_eq!(p.client, "lego v5");
    }

    #[test]
    fn nothing_or_half_is_an_error_naming_what_was_looked_for() {
        let e = resolve(&env(&[])).unwrap_err();
        for v in [
            "RENEWED_LINEAGE",
            "LEGO_HOOK_CERT_PATH",
            "LEGO_CERT_PATH",
            "CERT_FULLCHAIN_PATH",
        ] {
            assert!(e.contains(v), "{e}");
        }
        let e = resolve(&env(&[("LEGO_CERT_PATH", "/x")])).unwrap_err();
        assert!(e.contains("LEGO_CERT_KEY_PATH is not"), "{e}");
    }
}
