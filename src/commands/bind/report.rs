//! The per-domain outcome of a bind, built from the request and the API's answer, rendered as a
//! table or tsv through the output layer (json output is the API's own `Response`, printed
//! elsewhere as received).

use comfy_table::Color;

use crate::output::table::{Fit, table, tsv};

use std::collections::{HashMap, HashSet};

use crate::api::live::ModifyBindingsResponse;
use crate::domain::{self, DomainSpec};
use crate::exit::Exit;
use crate::text::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
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
    pub fn as_str(self) -> &'static str {
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub domain: String,
    /// The HTTPS state requested (`on`, `off`, `keep`), or `-` for a domain the API reported
    /// but that was not requested.
    pub https: String,
    pub outcome: Outcome,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub rows: Vec<Row>,
    /// None when no request was sent, or its answer gave none.
    pub request_id: Option<String>,
}

/// One row per requested domain, in request order. A domain that the API names in `Errors` or
/// `MismatchedDomainNames` but that was not requested still gets a row, so that no failure the
/// API reports is ever hidden. All text from the server is made safe for a terminal.
#[cfg(test)]
pub fn build(
    requested: &[DomainSpec],
    resp: &ModifyBindingsResponse,
    request_id: Option<&str>,
) -> Report {
    build_with(requested, &HashSet::new(), resp, request_id)
}

/// Like [`build`], with the domains that were left out of the request as already bound
/// (by [`domain::key`]). Linear in the domains and the answer's entries: rows are found by
/// name through an index, never by a search.
pub fn build_with(
    requested: &[DomainSpec],
    unchanged: &HashSet<String>,
    resp: &ModifyBindingsResponse,
    request_id: Option<&str>,
) -> Report {
    let mismatched = resp.mismatched_domain_names.as_deref().unwrap_or_default();
    let errors = resp.errors.as_deref().unwrap_or_default();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(requested.len());
    let mut rows: Vec<Row> = Vec::with_capacity(requested.len());
    for d in requested {
        let key = domain::key(&d.name);
        let outcome = if unchanged.contains(&key) {
            Outcome::Unchanged
        } else {
            Outcome::Ok
        };
        index.insert(key, rows.len());
        rows.push(Row {
            domain: d.name.clone(),
            https: d.https.as_str().to_string(),
            outcome,
            code: String::new(),
            message: String::new(),
        });
    }
    let mut row_for = |rows: &mut Vec<Row>, name: &str| -> usize {
        *index.entry(domain::key(name)).or_insert_with(|| {
            rows.push(Row {
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
        let i = row_for(&mut rows, name);
        rows[i].outcome = Outcome::Mismatched;
        if rows[i].message.is_empty() {
            rows[i].message = "the certificate does not cover this domain".into();
        }
    }
    for err in errors {
        let name = err.domain_name.as_deref().unwrap_or("");
        let i = row_for(&mut rows, name);
        if rows[i].outcome != Outcome::Mismatched {
            rows[i].outcome = Outcome::Failed;
        }
        rows[i].code = printable(err.code.as_deref().unwrap_or(""));
        rows[i].message = printable(err.message.as_deref().unwrap_or(""));
    }
    Report {
        rows,
        request_id: request_id.map(printable),
    }
}

/// The report of a bind from its plans (in order; `Unchanged` ones were left out of the
/// request) and the API's answer to the change request.
pub fn from_plans(
    plans: &[crate::plan::DomainPlan],
    resp: &ModifyBindingsResponse,
    request_id: Option<&str>,
) -> Report {
    let specs: Vec<DomainSpec> = plans.iter().map(|p| p.spec.clone()).collect();
    let unchanged: HashSet<String> = plans
        .iter()
        .filter(|p| p.action == crate::plan::Action::Unchanged)
        .map(|p| domain::key(&p.spec.name))
        .collect();
    build_with(&specs, &unchanged, resp, request_id)
}

impl Report {
    pub fn count(&self, o: Outcome) -> usize {
        self.rows.iter().filter(|r| r.outcome == o).count()
    }

    /// Marks the applied domains that did not read back as requested: `problems` maps a
    /// domain's [`domain::key`] to what was read back.
    pub fn mark_unverified(&mut self, problems: &HashMap<String, String>) {
        if problems.is_empty() {
            return;
        }
        for r in &mut self.rows {
            if let Some(message) = problems.get(&domain::key(&r.domain)) {
                r.outcome = Outcome::Unverified;
                r.message = printable(message);
            }
        }
    }

    /// Marks the domains (by [`domain::key`]) whose servers do not hand out the new
    /// certificate, with what they hand out.
    pub fn mark_not_served(&mut self, problems: &HashMap<String, String>) {
        for r in &mut self.rows {
            if let Some(message) = problems.get(&domain::key(&r.domain)) {
                r.outcome = Outcome::NotServed;
                r.message = printable(message);
            }
        }
    }

    /// Replaces the HTTPS column of the rows whose [`domain::key`] is in `states` (the state
    /// read back for a domain asked to `keep` it).
    pub fn show_https(&mut self, states: &HashMap<String, String>) {
        if states.is_empty() {
            return;
        }
        for r in &mut self.rows {
            if let Some(state) = states.get(&domain::key(&r.domain)) {
                r.https = state.clone();
            }
        }
    }

    pub fn exit(&self) -> Exit {
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

    /// The one-line summary printed on stderr.
    pub fn summary(&self) -> String {
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
    pub fn table(&self, color: bool, width: Option<u16>) -> String {
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
    pub fn tsv(&self) -> String {
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
