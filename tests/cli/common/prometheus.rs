//! The text exposition format read back by a real parser: the Prometheus project's Python
//! client (`prometheus_client.parser`), from the wheel committed under tests/fixtures/python/
//! (first on `sys.path`, nothing installed). Without python3 or the wheel a test that parses fails,
//! saying what is missing: it never passes on an unparsed file.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// One sample: its labels and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// One metric family as the parser read it.
#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    pub kind: String,
    pub help: String,
    pub samples: Vec<Sample>,
}

const PARSE: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as e:
    sys.stderr.write("NO-PARSER: %s\n" % e)
    sys.exit(97)
text = sys.stdin.buffer.read().decode("utf-8")
families = [
    {"name": f.name, "type": f.type, "help": f.documentation,
     "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
    for f in text_string_to_metric_families(text)
]
json.dump(families, sys.stdout)
"#;

/// `text` parsed, every family checked to be a gauge with a HELP text, every series once.
/// Panics (naming `text`) when the parser refuses it.
#[track_caller]
pub fn parse(text: &str) -> Vec<Family> {
    let wheel = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/python/prometheus_client-0.26.0-py3-none-any.whl"
    );
    assert!(
        std::path::Path::new(wheel).is_file(),
        "{wheel} is missing: the metrics tests parse with it (see tests/fixtures/python/README.md)"
    );
    let mut child = Command::new("python3")
        .args(["-I", "-c", PARSE, wheel])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 ({e}): the metrics tests parse -o prometheus with the \
                 Prometheus Python client; install python3 and `pip install prometheus-client`, \
                 as .ci/run does"
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(97) {
        panic!(
            "python3 cannot import the Prometheus Python client from {wheel} ({})",
            stderr.trim()
        );
    }
    assert!(
        out.status.success(),
        "the Prometheus parser refuses the text:\n{stderr}\n--- text:\n{text}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let families: Vec<Family> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Family {
            name: f["name"].as_str().unwrap().into(),
            kind: f["type"].as_str().unwrap().into(),
            help: f["help"].as_str().unwrap().into(),
            samples: f["samples"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| Sample {
                    name: s["name"].as_str().unwrap().into(),
                    labels: s["labels"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                        .collect(),
                    value: s["value"].as_f64().unwrap(),
                })
                .collect(),
        })
        .collect();
    let mut names = std::collections::HashSet::new();
    for f in &families {
        assert!(
            names.insert(f.name.clone()),
            "{} is one group, once:\n{text}",
            f.name
        );
        assert_eq!(f.kind, "gauge", "{} has TYPE gauge:\n{text}", f.name);
        assert!(!f.help.is_empty(), "{} has a HELP text:\n{text}", f.name);
        assert!(f.name.starts_with("tclive_"), "{}: tclive's prefix", f.name);
        let mut series = std::collections::HashSet::new();
        for s in &f.samples {
            assert!(
                series.insert(format!("{:?}", s.labels)),
                "{} {:?} appears once (node_exporter refuses a file with a repeated series):\n{text}",
                f.name,
                s.labels
            );
        }
    }
    families
}

/// The family named `name`, or a panic listing those there are.
#[track_caller]
pub fn family<'a>(families: &'a [Family], name: &str) -> &'a Family {
    families.iter().find(|f| f.name == name).unwrap_or_else(|| {
        let names: Vec<&str> = families.iter().map(|f| f.name.as_str()).collect();
        panic!("no {name} among {names:?}")
    })
}

/// The value of the one sample of `name` whose labels include `labels`.
#[track_caller]
pub fn value(families: &[Family], name: &str, labels: &[(&str, &str)]) -> f64 {
    let f = family(families, name);
    let hits: Vec<&Sample> = f
        .samples
        .iter()
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(hits.len(), 1, "one {name} with {labels:?}: {:?}", f.samples);
    hits[0].value
}
