//! Issue #20's question about the second table renderer: is the one-pass layout of tables that
//! are neither fitted to a terminal nor coloured (`plain`, what a pipe or a file gets) worth
//! keeping beside comfy-table's (what a terminal gets), at the sizes accounts have (hundreds
//! to a few thousand domains) and at the largest domains file (40,000)? Both lay out the same
//! text (a unit test of output/table.rs compares them); this measures their time, median of 7
//! runs, for a bind's result table (5 columns). Run with `cargo bench --bench tables`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use tclive::table::{self, Fit};

const RUNS: usize = 7;

fn rows(n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            let failed = i % 10 == 0;
            vec![
                format!("play{i:05}.example.com"),
                "on".into(),
                if failed { "failed" } else { "ok" }.into(),
                if failed { "FailedOperation" } else { "" }.into(),
                if failed { "Operation failed." } else { "" }.into(),
            ]
        })
        .collect()
}

fn median(f: impl Fn()) -> Duration {
    f();
    let mut v: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[RUNS / 2]
}

fn main() {
    let header = ["DOMAIN", "HTTPS", "RESULT", "CODE", "MESSAGE"];
    let fit = Fit {
        width: None,
        free: &[4],
    };
    // A painter that paints nothing sends the table through comfy-table without changing a
    // byte of it: what the plain layout would be replaced by.
    let none = |_: usize, _: usize| None;
    println!("{:>7}  {:>12}  {:>12}", "rows", "plain", "comfy-table");
    for n in [100, 1_000, 3_000, 40_000] {
        let rows = rows(n);
        let plain = median(|| {
            black_box(table::table(&header, black_box(&rows), &fit, None));
        });
        let comfy = median(|| {
            black_box(table::table(
                &header,
                black_box(&rows),
                &fit,
                Some(&none as &dyn Fn(usize, usize) -> Option<comfy_table::Color>),
            ));
        });
        println!(
            "{n:>7}  {:>9.2} ms  {:>9.2} ms",
            plain.as_secs_f64() * 1e3,
            comfy.as_secs_f64() * 1e3
        );
    }
}
