//! The layering of `src/`, checked: every module belongs to a layer, imports only from its own
//! layer or those below, and no files import each other in a loop. Read from the sources
//! themselves (`use crate::…`, inline `crate::…` paths, `super::…`), so that an import that
//! breaks the order fails `cargo test`, naming the files and the path.
//!
//! A module's parts may use what their own module (or an ancestor) defines (`super::Check` in
//! `check/keys.rs`): a module is the face of its parts, and those edges are not counted. Test
//! code (`#[cfg(test)]` modules, inline or in files of their own) is not part of the layering.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first: a module may import from its own layer and the ones below. The
/// README's Layout section says the same.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "floor",
        &[
            "secret",
            "redact",
            "clock",
            "text",
            "exit",
            "error",
            "envvar",
            "endpoint",
            "proxy",
            "bounded",
            "roots",
            "signals",
            "hardening",
            "output",
        ],
    ),
    (
        "cores",
        &["domain", "cert", "check", "hook", "plan", "input", "probe"],
    ),
    ("cloud", &["cloud"]),
    ("credentials", &["credentials"]),
    ("api", &["api"]),
    ("flags", &["cli"]),
    ("settings", &["settings"]),
    ("commands", &["commands"]),
    // The fuzz targets' way in: it drives every layer, and nothing imports it.
    ("fuzzing", &["fuzzing"]),
];

/// A module: its path of names from the crate root (`["cloud", "retry"]`) and its code.
#[derive(Debug, Clone)]
struct Module {
    path: Vec<String>,
    /// The source with comments, strings and test code blanked out.
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The source with comments and string and char literals replaced by spaces (line breaks
/// kept), so that a path in a doc comment or a message is not taken for an import.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, c: u8| out.push(if c == b'\n' { b'\n' } else { b' ' });
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                blank(&mut out, b[i]);
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b[i..].starts_with(b"r\"") || b[i..].starts_with(b"r#")) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let end: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let mut k = j + 1;
                while k < b.len() && !b[k..].starts_with(&end) {
                    k += 1;
                }
                k = (k + end.len()).min(b.len());
                for &c in &b[i..k] {
                    blank(&mut out, c);
                }
                i = k;
            } else {
                out.push(b[i]);
                i += 1;
            }
        } else if b[i] == b'"' {
            blank(&mut out, b[i]);
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
                blank(&mut out, b[i]);
                i += 1;
            }
            if i < b.len() {
                blank(&mut out, b[i]);
                i += 1;
            }
        } else if b[i] == b'\''
            && i + 2 < b.len()
            && (b[i + 2] == b'\'' || (b[i + 1] == b'\\' && b[i + 3..].contains(&b'\'')))
        {
            // A char literal ('a', '\n', '\u{1b}'), not a lifetime.
            let mut k = i + 1;
            if b[k] == b'\\' {
                k += 1;
            }
            k += 1;
            while k < b.len() && b[k] != b'\'' {
                k += 1;
            }
            for &c in &b[i..=k.min(b.len() - 1)] {
                blank(&mut out, c);
            }
            i = k + 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Blanks `#[cfg(test)]` items (`mod tests { … }`, a function, a `use`), and returns the names
/// of the file modules declared under it (`#[cfg(test)] mod vectors;`).
fn drop_tests(code: &str) -> (String, Vec<String>) {
    let mut out = code.to_string();
    let mut test_files = Vec::new();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|i| from + i) {
        let rest = &out[at..];
        // The item ends at its first `;` before any `{`, or at the `}` that closes its `{`.
        let semi = rest.find(';');
        let brace = rest.find('{');
        let end = match (semi, brace) {
            (Some(s), b) if b.is_none_or(|b| s < b) => {
                let item = &rest[..s];
                if let Some(name) = item.split_whitespace().skip_while(|w| *w != "mod").nth(1) {
                    test_files.push(name.to_string());
                }
                at + s + 1
            }
            (_, Some(b)) => {
                let mut depth = 0;
                let mut end = at + b;
                for (i, c) in rest[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = at + b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            _ => out.len(),
        };
        let blanked: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blanked);
        from = end;
    }
    (out, test_files)
}

/// Every module of the crate, from `lib.rs` down its `mod` declarations.
fn modules() -> Vec<Module> {
    let mut all = Vec::new();
    let mut stack = vec![(Vec::<String>::new(), src().join("lib.rs"))];
    while let Some((path, file)) = stack.pop() {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let (code, tests) = drop_tests(&strip(&text));
        // Where this module's children live: beside lib.rs and mod.rs, else in a folder of
        // the file's own name.
        let dir = match file.file_name().and_then(|n| n.to_str()) {
            Some("lib.rs" | "mod.rs") => file.parent().unwrap().to_path_buf(),
            _ => file.with_extension(""),
        };
        for line in code.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let Some(m) = words.iter().position(|w| *w == "mod") else {
                continue;
            };
            let Some(name) = words.get(m + 1).and_then(|n| n.strip_suffix(';')) else {
                continue;
            };
            if tests.iter().any(|t| t.trim_end_matches(';') == name) {
                continue;
            }
            let child = [
                dir.join(format!("{name}.rs")),
                dir.join(name).join("mod.rs"),
            ]
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{file:?} declares mod {name}, whose file is missing"));
            let mut p = path.clone();
            p.push(name.to_string());
            stack.push((p, child));
        }
        all.push(Module { path, code });
    }
    all
}

/// The paths a module names: each `use` tree expanded, and each inline `crate::`/`super::`
/// path, as segments from the crate root.
fn named_paths(m: &Module) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code = &m.code;
    // `use` trees.
    let mut rest = code.as_str();
    while let Some(i) = find_word(rest, "use") {
        let after = &rest[i + 3..];
        let Some(end) = after.find(';') else { break };
        for p in expand(after[..end].trim()) {
            out.push(p);
        }
        rest = &after[end..];
    }
    // Inline paths.
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start).map(|i| from + i) {
            let before = code[..i].chars().next_back();
            from = i + start.len();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '$') {
                continue;
            }
            let tail: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                tail.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
    out.into_iter()
        .filter_map(|p| absolute(&m.path, p))
        .collect()
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| from + i) {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            && after.is_some_and(|c| c.is_whitespace())
        {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// `a::{b, c::{self, D}}` → `a::b`, `a::c`, `a::c::D`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    // `x as y` keeps `x`: the alias is marked before the spaces go.
    let tree = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree: String = tree.replace(" as ", "@").split_whitespace().collect();
    let mut out = Vec::new();
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let (head, group) = match tree.find("::{") {
            Some(i) if tree.ends_with('}') => (&tree[..i], Some(&tree[i + 3..tree.len() - 1])),
            _ => (tree, None),
        };
        let mut p = prefix.to_vec();
        for seg in head.split("::").filter(|s| !s.is_empty()) {
            let seg = seg.split('@').next().unwrap_or(seg);
            if seg != "self" {
                p.push(seg.to_string());
            }
        }
        match group {
            None => out.push(p),
            Some(g) => {
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in g.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            walk(&p, &g[start..i], out);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                if start < g.len() {
                    walk(&p, &g[start..], out);
                }
            }
        }
    }
    let tree = tree
        .strip_prefix("{")
        .map_or(tree.clone(), |t| t.to_string());
    walk(&[], &tree, &mut out);
    out
}

/// A path made absolute from the crate root; None for one outside the crate (`std::…`).
fn absolute(module: &[String], p: Vec<String>) -> Option<Vec<String>> {
    let first = p.first()?.as_str();
    match first {
        "crate" | "$crate" => Some(p[1..].to_vec()),
        "super" | "self" => {
            let mut base = module.to_vec();
            let mut rest = &p[..];
            while let Some(s) = rest.first() {
                match s.as_str() {
                    "super" => {
                        base.pop()?;
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        _ => None,
    }
}

/// The module a path lands in: its longest prefix that is a module.
fn target(paths: &BTreeSet<Vec<String>>, p: &[String]) -> Option<Vec<String>> {
    (0..=p.len())
        .rev()
        .map(|n| p[..n].to_vec())
        .find(|prefix| paths.contains(prefix))
}

fn show(p: &[String]) -> String {
    if p.is_empty() {
        "crate".into()
    } else {
        p.join("::")
    }
}

fn layer_of(p: &[String]) -> Option<usize> {
    let top = p.first()?;
    LAYERS
        .iter()
        .position(|(_, mods)| mods.contains(&top.as_str()))
}

/// Every import edge between two modules that counts: not to the module itself, not to an
/// ancestor, not to the crate root. With the path that made it, for messages.
fn edges(mods: &[Module]) -> BTreeMap<(Vec<String>, Vec<String>), String> {
    let paths: BTreeSet<Vec<String>> = mods.iter().map(|m| m.path.clone()).collect();
    let mut out = BTreeMap::new();
    for m in mods {
        for p in named_paths(m) {
            let Some(to) = target(&paths, &p) else {
                continue;
            };
            if to.is_empty() || to == m.path || m.path.starts_with(&to) {
                continue;
            }
            out.entry((m.path.clone(), to)).or_insert_with(|| show(&p));
        }
    }
    out
}

/// The import cycles among modules, each as the modules in it (Tarjan's strongly connected
/// components).
fn cycles(edges: &BTreeMap<(Vec<String>, Vec<String>), String>) -> Vec<Vec<Vec<String>>> {
    let mut nodes: BTreeSet<Vec<String>> = BTreeSet::new();
    for (a, b) in edges.keys() {
        nodes.insert(a.clone());
        nodes.insert(b.clone());
    }
    let nodes: Vec<Vec<String>> = nodes.into_iter().collect();
    let idx = |n: &Vec<String>| nodes.iter().position(|x| x == n).unwrap();
    let mut adj = vec![Vec::new(); nodes.len()];
    for (a, b) in edges.keys() {
        adj[idx(a)].push(idx(b));
    }
    struct T {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], t: &mut T) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in &adj[v] {
            match t.index[w] {
                None => {
                    visit(w, adj, t);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(i) if t.on[w] => t.low[v] = t.low[v].min(i),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                t.out.push(scc);
            }
        }
    }
    let n = nodes.len();
    let mut t = T {
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(v, &adj, &mut t);
        }
    }
    t.out
        .into_iter()
        .map(|scc| scc.into_iter().map(|i| nodes[i].clone()).collect())
        .collect()
}

#[test]
fn every_module_has_a_layer() {
    let missing: Vec<String> = modules()
        .iter()
        .filter(|m| !m.path.is_empty() && layer_of(&m.path).is_none())
        .map(|m| show(&m.path))
        .collect();
    assert!(
        missing.is_empty(),
        "modules in no layer of tests/layering.rs (add each where it belongs): {missing:?}"
    );
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let mods = modules();
    let mut upward = Vec::new();
    for ((from, to), path) in edges(&mods) {
        if let (Some(a), Some(b)) = (layer_of(&from), layer_of(&to))
            && b > a
        {
            upward.push(format!(
                "{} ({}) imports {path} ({})",
                show(&from),
                LAYERS[a].0,
                LAYERS[b].0
            ));
        }
    }
    assert!(
        upward.is_empty(),
        "imports upwards:\n  {}",
        upward.join("\n  ")
    );
}

#[test]
fn no_modules_import_each_other_in_a_loop() {
    let mods = modules();
    let e = edges(&mods);
    let found: Vec<String> = cycles(&e)
        .into_iter()
        .map(|c| {
            let names: Vec<String> = c.iter().map(|p| show(p)).collect();
            let ties: Vec<String> = e
                .iter()
                .filter(|((a, b), _)| c.contains(a) && c.contains(b))
                .map(|((a, _), p)| format!("{} -> {p}", show(a)))
                .collect();
            format!("{}: {}", names.join(", "), ties.join("; "))
        })
        .collect();
    assert!(found.is_empty(), "import cycles:\n  {}", found.join("\n  "));
}

/// The reader itself: it must see the imports it is meant to see, or the checks above would
/// pass on anything.
#[test]
fn the_reader_sees_use_trees_inline_paths_and_super_but_not_comments_or_strings() {
    let m = Module {
        path: vec!["a".into(), "b".into()],
        code: drop_tests(&strip(
            "use crate::x::{y::{self, Z}, w as class};\nuse super::c::D;\n// crate::nope::N\nlet s = \"crate::nope::S\";\nfn f() { crate::v::g(); }\n#[cfg(test)]\nmod tests { use crate::t; }\n",
        ))
        .0,
    };
    let got: BTreeSet<String> = named_paths(&m).iter().map(|p| show(p)).collect();
    // `x` too: the inline reading sees the tree's stem.
    let want: BTreeSet<String> = ["x", "x::y", "x::y::Z", "x::w", "a::c::D", "v::g"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(got, want);
    let mods = modules();
    assert!(
        mods.len() > 40,
        "the crate's modules were found: {}",
        mods.len()
    );
    assert!(!edges(&mods).is_empty());
}
