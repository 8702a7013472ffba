//! Generated flows are valid: the checker and the parser report nothing on them. A failure here
//! is either a generator bug or a checker false positive; the message shows the flow around each
//! diagnostic so the two can be told apart.

use fdl_bench::{flow, flow_with_steps};

/// Panics with every diagnostic and the lines around it, when there are any.
fn assert_clean(what: &str, text: &str) {
    let parsed = fdl_syntax::parse(text);
    let diagnostics = fdl_check::check_source(text);
    if parsed.errors.is_empty() && diagnostics.is_empty() {
        return;
    }
    let index = fdl_check::LineIndex::new(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut report = format!("{what}: the generated flow is not clean\n");
    for e in &parsed.errors {
        report.push_str(&format!(
            "syntax error at {:?}: {:?} {}\n",
            e.span, e.kind, e.message
        ));
    }
    for d in &diagnostics {
        let line = index.position(d.span.start).line as usize;
        report.push_str(&format!(
            "\n{} {} ({:?}) line {}: {}\n",
            d.code,
            d.name,
            d.severity,
            line + 1,
            d.message
        ));
        let first = line.saturating_sub(4);
        for (n, text) in lines.iter().enumerate().skip(first).take(line + 3 - first) {
            let mark = if n == line { ">" } else { " " };
            report.push_str(&format!("{mark}{:5} | {text}\n", n + 1));
        }
    }
    panic!("{report}");
}

#[test]
fn thirty_small_flows_are_clean() {
    for seed in 0..30 {
        assert_clean(&format!("flow({seed}, 8192)"), &flow(seed, 8192));
    }
}

#[test]
fn tiny_flows_are_clean() {
    for seed in 0..20 {
        assert_clean(&format!("flow({seed}, 0)"), &flow(seed, 0));
        assert_clean(&format!("flow({seed}, 600)"), &flow(seed, 600));
        for steps in 1..=4 {
            let what = format!("flow_with_steps({seed}, {steps})");
            assert_clean(&what, &flow_with_steps(seed, steps));
        }
    }
}

#[test]
fn a_flow_of_200_top_level_steps_is_clean() {
    assert_clean("flow_with_steps(42, 200)", &flow_with_steps(42, 200));
}

#[test]
fn small_flows_land_near_the_requested_size() {
    for seed in 0..30 {
        let len = flow(seed, 8192).len();
        assert!(
            (6144..=10240).contains(&len),
            "flow({seed}, 8192) is {len} bytes, more than 25% away from 8192"
        );
    }
}

#[test]
fn two_thousand_top_level_steps_make_about_one_and_a_half_megabytes() {
    for seed in [1, 2] {
        let len = flow_with_steps(seed, 2000).len();
        assert!(
            (1_200_000..=1_900_000).contains(&len),
            "flow_with_steps({seed}, 2000) is {len} bytes, expected 1.2 to 1.9 MB"
        );
    }
}

/// The tests above mean something only if the checker does report problems: break a generated
/// flow in two known ways and expect the matching codes.
#[test]
fn the_checker_sees_mistakes_in_a_broken_generated_flow() {
    let text = flow_with_steps(42, 200);
    let codes = |text: &str| -> Vec<&'static str> {
        fdl_check::check_source(text)
            .iter()
            .map(|d| d.code)
            .collect()
    };

    let goto = text.find("goto: ").expect("the generated flow has a goto");
    let end = goto
        + text[goto..]
            .find('\n')
            .expect("a line break after the goto");
    let broken = format!("{}goto: NoSuchStep{}", &text[..goto], &text[end..]);
    assert!(codes(&broken).contains(&"FDL201"), "{:?}", codes(&broken));

    // Drop the first `MessageBody` line of an MNS task.
    let mut removed = false;
    let broken: String = text
        .lines()
        .filter(|l| {
            let hit = !removed && l.trim_start().starts_with("MessageBody:");
            removed |= hit;
            !hit
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(removed, "the generated flow has an MNS task");
    assert!(codes(&broken).contains(&"FDL408"), "{:?}", codes(&broken));
}

/// A wider sweep for rare combinations: `cargo test --release -p fdl-bench -- --ignored`.
#[test]
#[ignore = "slow in debug builds; run with --ignored"]
fn many_seeds_and_sizes_are_clean() {
    for seed in 0..2000 {
        let bytes = [2048, 8192, 32768][seed as usize % 3];
        assert_clean(&format!("flow({seed}, {bytes})"), &flow(seed, bytes));
    }
    for seed in 0..300 {
        let steps = 1 + seed as usize % 40;
        assert_clean(
            &format!("flow_with_steps({seed}, {steps})"),
            &flow_with_steps(seed, steps),
        );
    }
}
