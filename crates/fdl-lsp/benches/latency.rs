//! Edit-to-diagnostics latency of the language server, in-process (no pipes), release mode:
//!
//!     cargo bench -p fdl-lsp --bench latency
//!
//! For a 2,000-step flow and a typical ~8 KB flow: the time from sending a one-character
//! `didChange` to receiving the diagnostics of that version (p50, p95), the time to answer a
//! hover sent right behind the change (diagnostics must not delay it), and what a full check
//! of the large flow spends its time on.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{Client, full_capabilities, position_json, utf16_position};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Best of `n` runs of `f` (not counting the drop of what it returns).
fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            let value = std::hint::black_box(f());
            let elapsed = t.elapsed();
            drop(value);
            elapsed
        })
        .min()
        .unwrap()
}

/// Where the edit goes: into the name of the first step, or of a step halfway through.
#[derive(Clone, Copy)]
enum Place {
    First,
    Middle,
}

/// The offset just after the `name: ` of a step at `place`.
fn edit_offset(text: &str, place: Place) -> usize {
    let from = match place {
        Place::First => 0,
        Place::Middle => (0..=text.len() / 2)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0),
    };
    from + text[from..].find("name: ").expect("a step name") + "name: ".len()
}

fn measure(label: &str, text: &str, place: Place, rounds: usize) {
    let uri = "file:///bench/flow.yaml";
    let mut client = Client::start(full_capabilities());
    client.open(uri, 1, text);
    let initial = client.diagnostics(uri, 1);
    assert!(
        initial.is_empty(),
        "{label}: a generated flow must be clean: {initial:#?}"
    );
    // Edit inside a step's name: insert a character, then delete it again.
    let at = edit_offset(text, place);
    let (line, col) = utf16_position(text, at);
    let mut version = 1;
    let edit = |client: &mut Client, version: i32| {
        if version % 2 == 0 {
            client.change(uri, version, [line, col, line, col], "x");
        } else {
            client.change(uri, version, [line, col, line, col + 1], "");
        }
    };
    let hover_params =
        json!({ "textDocument": { "uri": uri }, "position": position_json(line, col) });
    // Edits alone: the time until their diagnostics arrive.
    let mut latencies = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        version += 1;
        let started = Instant::now();
        edit(&mut client, version);
        client.diagnostics(uri, version);
        latencies.push(started.elapsed());
        client.inbox.clear();
    }
    // Each edit followed at once by a hover: the time to its answer, while the diagnostics
    // of the edit are being computed.
    let mut behind = Vec::with_capacity(rounds);
    let mut again = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        version += 1;
        edit(&mut client, version);
        let sent = Instant::now();
        let hover = client.send_request("textDocument/hover", hover_params.clone());
        client.response(&hover).expect("hover answered");
        behind.push(sent.elapsed());
        client.diagnostics(uri, version);
        // The same hover on the unchanged document.
        let sent = Instant::now();
        client
            .request("textDocument/hover", hover_params.clone())
            .expect("hover answered");
        again.push(sent.elapsed());
        client.inbox.clear();
    }
    // Each edit followed at once by a completion on the key of the edited field (the keys a
    // step of that kind may hold).
    let completion_params = json!({
        "textDocument": { "uri": uri },
        "position": position_json(line, col - "name: ".len() as u32),
    });
    let mut completions = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        version += 1;
        edit(&mut client, version);
        let sent = Instant::now();
        let completion = client.send_request("textDocument/completion", completion_params.clone());
        let items = client.response(&completion).expect("completion answered");
        completions.push(sent.elapsed());
        assert!(
            items["items"].as_array().is_some_and(|a| !a.is_empty())
                || items.as_array().is_some_and(|a| !a.is_empty()),
            "{label}: keys are offered: {items}"
        );
        client.diagnostics(uri, version);
        client.inbox.clear();
    }
    let stats = |mut v: Vec<Duration>| {
        v.sort();
        format!(
            "p50 {}, p95 {}",
            ms(percentile(&v, 0.5)),
            ms(percentile(&v, 0.95))
        )
    };
    println!(
        "{label} ({} bytes, {rounds} edits each): edit -> diagnostics {}; hover right behind an edit {}; \
         the same hover on an unchanged document {}; completion right behind an edit {}",
        text.len(),
        stats(latencies),
        stats(behind),
        stats(again),
        stats(completions),
    );
    assert_eq!(client.shutdown(), Ok(()));
}

/// Where a full check of `text` spends its time (best of several runs each).
fn breakdown(label: &str, text: &str) {
    let parse = best_of(10, || fdl_syntax::parse(text));
    let parsed = fdl_syntax::parse(text);
    let root = parsed.root.as_ref().expect("a root");
    let model = best_of(10, || fdl_model::build(root).objects.len());
    let check = best_of(10, || fdl_check::check_parsed(text, &parsed));
    let full = best_of(10, || fdl_check::check_source(text));
    let ide = best_of(10, || {
        let analysis = fdl_ide::Analysis::new(text.to_string());
        analysis.is_flow() && analysis.diagnostics(&Default::default()).is_empty()
    });
    let index = best_of(10, || fdl_syntax::LineIndex::new(text));
    let drop_analysis = (0..10)
        .map(|_| {
            let analysis = fdl_ide::Analysis::new(text.to_string());
            analysis.diagnostics(&Default::default());
            let t = Instant::now();
            drop(std::hint::black_box(analysis));
            t.elapsed()
        })
        .min()
        .unwrap();
    // After a one-character edit in a step name halfway through: the parse and the check
    // reusing the previous version's.
    let at = edit_offset(text, Place::Middle);
    let mut edited = text.to_string();
    edited.insert(at, 'x');
    let change = fdl_syntax::Change {
        start: at,
        old_end: at,
        new_end: at + 1,
    };
    let reparse = (0..10)
        .map(|_| {
            let previous = fdl_syntax::parse(text);
            let t = Instant::now();
            let (parsed, fast) = fdl_syntax::reparse(text, previous, &edited, change);
            let elapsed = t.elapsed();
            assert!(
                fast,
                "{label}: an edit in a step name is reparsed incrementally"
            );
            drop(parsed);
            elapsed
        })
        .min()
        .unwrap();
    let levels = fdl_check::RuleLevels::default();
    let edited_parse = fdl_syntax::parse(&edited);
    let cached = (0..10)
        .map(|_| {
            let (_, cache) =
                fdl_check::check_parsed_cached(text, &parsed, &levels, Default::default());
            let t = Instant::now();
            let (diagnostics, cache) =
                fdl_check::check_parsed_cached(&edited, &edited_parse, &levels, cache);
            let elapsed = t.elapsed();
            assert!(diagnostics.is_empty() && cache.checked() <= 1);
            elapsed
        })
        .min()
        .unwrap();
    println!(
        "{label}: after a one-character edit halfway through: reparse {}, check reusing the \
         unchanged steps {}",
        ms(reparse),
        ms(cached),
    );
    println!(
        "{label}: parse {}, model {}, rules {} (check_parsed {} minus model), check_source {}, \
         Analysis::new + is_flow + diagnostics {}, dropping that analysis {}, line index {}",
        ms(parse),
        ms(model),
        ms(check.saturating_sub(model)),
        ms(check),
        ms(full),
        ms(ide),
        ms(drop_analysis),
        ms(index),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and wants speed.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rounds = if quick { 4 } else { 200 };
    let large = fdl_bench::flow_with_steps(1, 2000);
    let typical = fdl_bench::flow(1, 8192);
    breakdown("2,000 steps", &large);
    breakdown("~8 KB", &typical);
    measure("2,000 steps, first step", &large, Place::First, rounds);
    measure("2,000 steps, middle step", &large, Place::Middle, rounds);
    measure("~8 KB", &typical, Place::Middle, rounds);
}
