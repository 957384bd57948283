//! One row per planned domain of a bind, updated in place as the bind goes on: its plan, then
//! what the API's answer says of it, then what `--verify` read back and what `--wait-served`
//! saw served. Rendered as a table or tsv through the output layer (json output is the API's
//! own `Response`, printed elsewhere as received).

use std::collections::HashMap;

use comfy_table::Color;

use crate::api::live::ModifyBindingsResponse;
use crate::domain::{self, DomainSpec};
use crate::exit::Exit;
use crate::output::table::{Fit, table, tsv};
use crate::plan::{Action, DomainPlan};
use crate::text::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok,
    Mismatched,
    Failed,
    /// Already bound as asked: left out of the change request.
    Unchanged,
    /// Applied, but did not read back as requested.
    Unverified,
    /// Applied, but its servers still hand out another certificate (--wait-served).
    NotServed,
}

impl Outcome {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Mismatched => "mismatched",
            Outcome::Failed => "failed",
            Outcome::Unchanged => "unchanged",
            Outcome::Unverified => "unverified",
            Outcome::NotServed => "not served",
        }
    }
    fn color(self) -> Color {
        match self {
            Outcome::Ok => Color::Green,
            Outcome::Mismatched => Color::Yellow,
            Outcome::Failed => Color::Red,
            Outcome::Unchanged => Color::Cyan,
            Outcome::Unverified => Color::Magenta,
            Outcome::NotServed => Color::Magenta,
        }
    }
}

/// One domain of the bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// What was asked and decided; None for a domain the API named that was not asked for.
    pub plan: Option<DomainPlan>,
    /// The domain, as shown.
    pub domain: String,
    /// As shown: the HTTPS state requested (`on`, `off`, `keep`: for `keep`, the state read
    /// back by --verify), or `-` for a domain the API named that was not asked for.
    pub https: String,
    pub outcome: Outcome,
    pub code: String,
    pub message: String,
}

impl Row {
    /// Marks the row with `outcome` and why.
    pub(super) fn mark(&mut self, outcome: Outcome, message: &str) {
        self.outcome = outcome;
        self.message = printable(message);
    }
}

/// Every row of a bind, in the order the domains were asked for (the API's unrequested ones
/// after them), and the RequestId of its change request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rows {
    pub rows: Vec<Row>,
    /// None when no request was sent, or its answer gave none.
    pub request_id: Option<String>,
    /// A key pair was uploaded and bound to at least one domain: what is known of its
    /// CloudCertId, which the change request's answer never names.
    pub uploaded: Option<Uploaded>,
}

/// What a key-pair bind knows of the CloudCertId its upload got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Uploaded {
    /// Nothing was read back (no --verify).
    Unread,
    /// --verify read the domains back: the CloudCertIds of those that read back the leaf
    /// sent, each once (empty: none did, or the read failed).
    ReadBack(Vec<String>),
}

impl Rows {
    /// The rows of the plans: a domain already as asked is `unchanged`; every other is `ok`
    /// until the API's answer says otherwise (it names each domain it did not apply).
    pub(crate) fn planned(plans: Vec<DomainPlan>) -> Rows {
        let rows = plans
            .into_iter()
            .map(|p| Row {
                domain: p.spec.name.clone(),
                https: p.spec.https.as_str().to_string(),
                outcome: if p.action == Action::Unchanged {
                    Outcome::Unchanged
                } else {
                    Outcome::Ok
                },
                code: String::new(),
                message: String::new(),
                plan: Some(p),
            })
            .collect();
        Rows {
            rows,
            request_id: None,
            uploaded: None,
        }
    }

    /// The domains the change request carries: every one not already as asked.
    pub(super) fn to_send(&self) -> Vec<DomainSpec> {
        self.planned_rows()
            .filter(|(_, p)| p.action != Action::Unchanged)
            .map(|(_, p)| p.spec.clone())
            .collect()
    }

    /// The rows that have a plan, with it.
    pub(super) fn planned_rows(&self) -> impl Iterator<Item = (&Row, &DomainPlan)> {
        self.rows
            .iter()
            .filter_map(|r| r.plan.as_ref().map(|p| (r, p)))
    }

    /// The rows that have a plan and satisfy `keep`, to update in place.
    pub(super) fn select(&mut self, keep: impl Fn(&Row, &DomainPlan) -> bool) -> Vec<&mut Row> {
        self.rows
            .iter_mut()
            .filter(|r| r.plan.as_ref().is_some_and(|p| keep(r, p)))
            .collect()
    }

    /// What the API's answer to the change request says of each domain: a domain it names in
    /// `MismatchedDomainNames` or `Errors` that was not asked for still gets a row, so that no
    /// failure the API reports is ever hidden. Linear in the domains and the answer's entries:
    /// rows are found by name through an index built once. All text from the server is made
    /// safe for a terminal.
    pub(crate) fn answered(&mut self, resp: &ModifyBindingsResponse, request_id: Option<&str>) {
        self.request_id = request_id.map(printable);
        let mismatched = resp.mismatched_domain_names.as_deref().unwrap_or_default();
        let errors = resp.errors.as_deref().unwrap_or_default();
        let rows = &mut self.rows;
        let mut index: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (domain::key(&r.domain), i))
            .collect();
        let mut row_for = |rows: &mut Vec<Row>, name: &str| -> usize {
            *index.entry(domain::key(name)).or_insert_with(|| {
                rows.push(Row {
                    plan: None,
                    domain: printable(name),
                    https: "-".into(),
                    outcome: Outcome::Failed,
                    code: String::new(),
                    message: String::new(),
                });
                rows.len() - 1
            })
        };
        for name in mismatched {
            let i = row_for(rows, name);
            rows[i].outcome = Outcome::Mismatched;
            if rows[i].message.is_empty() {
                rows[i].message = "the certificate does not cover this domain".into();
            }
        }
        for err in errors {
            let name = err.domain_name.as_deref().unwrap_or("");
            let i = row_for(rows, name);
            if rows[i].outcome != Outcome::Mismatched {
                rows[i].outcome = Outcome::Failed;
            }
            rows[i].code = printable(err.code.as_deref().unwrap_or(""));
            rows[i].message = printable(err.message.as_deref().unwrap_or(""));
        }
    }

    pub(super) fn count(&self, o: Outcome) -> usize {
        self.rows.iter().filter(|r| r.outcome == o).count()
    }

    pub(crate) fn exit(&self) -> Exit {
        if self
            .rows
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Ok | Outcome::Unchanged))
        {
            Exit::Ok
        } else {
            Exit::Partial
        }
    }

    /// What a key-pair bind says of the certificate it uploaded: the CloudCertId read back,
    /// or that the answer names none and how to read it. None for any other bind.
    pub(super) fn uploaded_note(&self) -> Option<String> {
        let ids = match self.uploaded.as_ref()? {
            Uploaded::Unread => {
                return Some(
                    "the key pair was uploaded to the SSL certificate service; the API's answer \
                     does not name its CloudCertId: add --verify to read it back (or run \
                     `tclive cert list -d DOMAIN`)"
                        .to_string(),
                );
            }
            Uploaded::ReadBack(ids) => ids,
        };
        Some(match ids.as_slice() {
            [] => "the key pair was uploaded to the SSL certificate service; no domain read \
                   back the certificate sent (--verify), so its CloudCertId is not known: run \
                   `tclive cert list -d DOMAIN`"
                .to_string(),
            [id] => format!(
                "uploaded as CloudCertId {id} (read back by --verify): later binds of this \
                 certificate can use --cert-id {id}"
            ),
            ids => format!(
                "the domains read back {} CloudCertIds for this certificate (--verify): {}{}",
                ids.len(),
                ids[..ids.len().min(5)].join(", "),
                if ids.len() > 5 { ", …" } else { "" }
            ),
        })
    }

    /// The one-line summary printed on stderr.
    pub(crate) fn summary(&self) -> String {
        let n = self.rows.len();
        let mut extra = String::new();
        for o in [Outcome::Unchanged, Outcome::Unverified, Outcome::NotServed] {
            if self.count(o) > 0 {
                extra.push_str(&format!(", {} {}", self.count(o), o.as_str()));
            }
        }
        // No request, no RequestId: a run that sent nothing says so in its own line.
        let request = self
            .request_id
            .as_ref()
            .map(|id| format!(" (RequestId {id})"))
            .unwrap_or_default();
        format!(
            "{n} domain{}: {} ok, {} failed, {} mismatched{extra}{request}",
            if n == 1 { "" } else { "s" },
            self.count(Outcome::Ok),
            self.count(Outcome::Failed),
            self.count(Outcome::Mismatched),
        )
    }

    /// `width`: the terminal's, when stdout is one: long messages wrap to fit it.
    pub(crate) fn table(&self, color: bool, width: Option<u16>) -> String {
        let rows: Vec<Vec<&str>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.domain.as_str(),
                    r.https.as_str(),
                    r.outcome.as_str(),
                    r.code.as_str(),
                    r.message.as_str(),
                ]
            })
            .collect();
        let outcome_color = |col: usize, row: usize| {
            (col == 2)
                .then(|| self.rows.get(row).map(|r| r.outcome.color()))
                .flatten()
        };
        table(
            &["DOMAIN", "HTTPS", "RESULT", "CODE", "MESSAGE"],
            &rows,
            &Fit { width, free: &[4] },
            color.then_some(&outcome_color as &dyn Fn(usize, usize) -> Option<Color>),
        )
    }

    /// `domain<TAB>https<TAB>result<TAB>code<TAB>message`, no header.
    pub(crate) fn tsv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.domain.clone(),
                    r.https.clone(),
                    r.outcome.as_str().into(),
                    r.code.clone(),
                    r.message.clone(),
                ]
            })
            .collect();
        tsv(&rows)
    }
}

/// The rows of a bind that sent every one of `requested`, as the API answered it.
#[cfg(test)]
fn build(
    requested: &[DomainSpec],
    resp: &ModifyBindingsResponse,
    request_id: Option<&str>,
) -> Rows {
    let mut rows = Rows::planned(DomainPlan::forced(requested));
    rows.answered(resp, request_id);
    rows
}

#[cfg(test)]
mod properties_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::live::DomainError;
    use crate::domain::Https;

    fn spec(name: &str, https: Https) -> DomainSpec {
        DomainSpec {
            name: name.into(),
            https,
            origin: "--domain".into(),
        }
    }

    #[test]
    fn outcomes_per_domain() {
        let req = [
            spec("a.com", Https::On),
            spec("b.com", Https::Off),
            spec("c.com", Https::Keep),
        ];
        let resp = ModifyBindingsResponse {
            mismatched_domain_names: Some(vec!["C.com.".into()].into()),
            errors: Some(
                vec![
                    DomainError {
                        domain_name: Some("b.com".into()),
                        code: Some("InternalError".into()),
                        message: Some("boom\x1b[2J".into()),
                    },
                    DomainError {
                        domain_name: Some("c.com".into()),
                        code: Some("InvalidParameter.CrtDomainNotFound".into()),
                        message: Some("mismatch".into()),
                    },
                ]
                .into(),
            ),
        };
        let r = build(&req, &resp, Some("rid"));
        assert_eq!(
            r.tsv(),
            "a.com\ton\tok\t\t\n\
             b.com\toff\tfailed\tInternalError\tboom\\u{1b}[2J\n\
             c.com\tkeep\tmismatched\tInvalidParameter.CrtDomainNotFound\tmismatch\n"
        );
        assert_eq!(r.exit(), Exit::Partial);
        assert_eq!(
            r.summary(),
            "3 domains: 1 ok, 1 failed, 1 mismatched (RequestId rid)"
        );
    }

    #[test]
    fn null_lists_mean_success_and_unrequested_failures_are_shown() {
        let req = [spec("a.com", Https::On)];
        let ok = build(&req, &ModifyBindingsResponse::default(), Some("r"));
        assert_eq!(ok.exit(), Exit::Ok);
        let resp = ModifyBindingsResponse {
            mismatched_domain_names: None,
            errors: Some(
                vec![DomainError {
                    domain_name: Some("z.com".into()),
                    code: Some("X".into()),
                    message: Some("tab\there".into()),
                }]
                .into(),
            ),
        };
        let r = build(&req, &resp, Some("r"));
        assert_eq!(
            r.tsv(),
            "a.com\ton\tok\t\t\nz.com\t-\tfailed\tX\ttab here\n"
        );
        assert_eq!(r.exit(), Exit::Partial);
    }

    #[test]
    fn table_has_no_colour_codes_unless_asked() {
        let req = [spec("a.com", Https::On)];
        let r = build(&req, &ModifyBindingsResponse::default(), Some("r"));
        let plain = r.table(false, None);
        assert!(!plain.contains('\x1b'));
        assert_eq!(
            plain,
            "DOMAIN  HTTPS  RESULT  CODE  MESSAGE\na.com   on     ok\n"
        );
        assert_eq!(
            r.table(true, None),
            "DOMAIN  HTTPS  RESULT  CODE  MESSAGE\na.com   on     \x1b[38;5;10mok\x1b[39m\n"
        );
    }
}
