//! `check_parsed_cached` returns exactly what a check from scratch returns, through chains of
//! edits of every fixture and of generated flows, and reuses the steps an edit left alone.

use fdl_check::{CheckCache, Level, RuleLevels, check_parsed_cached, check_parsed_with};

mod support;
use support::Rng;

/// The byte ranges of the top-level steps' lines: from a line `  - ` (the column of the first
/// such line after `steps:`) to the next one or the end of the list.
fn top_level_steps(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let Some(first) = lines.iter().position(|(_, l)| l.trim_end() == "steps:") else {
        return Vec::new();
    };
    let Some(dash) = lines[first + 1..].iter().find_map(|(_, l)| {
        l.trim_start()
            .starts_with("- ")
            .then(|| l.len() - l.trim_start().len())
    }) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut end = text.len();
    for &(at, line) in &lines[first + 1..] {
        let indent = line.len() - line.trim_start().len();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indent < dash || (indent == dash && !line[indent..].starts_with('-')) {
            end = at;
            break;
        }
        if indent == dash {
            starts.push(at);
        }
    }
    let mut out = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        out.push((s, starts.get(i + 1).copied().unwrap_or(end)));
    }
    out
}

fn char_boundary_at(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One random edit of the kinds an author makes (and some an author makes by accident).
fn edit(text: &str, rng: &mut Rng) -> String {
    let steps = top_level_steps(text);
    let at = char_boundary_at(text, rng);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let splice =
        |start: usize, end: usize, with: &str| format!("{}{with}{}", &text[..start], &text[end..]);
    match rng.below(12) {
        0 => {
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            splice(at, next, "")
        }
        1 => {
            let insert = ["x", "é", " ", "1", "-", ".", "$", "中"];
            splice(at, at, insert[rng.below(insert.len())])
        }
        2 => splice(line_start, line_end, ""),
        3 if !steps.is_empty() => {
            // Duplicate a top-level step.
            let (s, e) = steps[rng.below(steps.len())];
            splice(e, e, &text[s..e])
        }
        4 if steps.len() >= 2 => {
            // Swap two neighbouring top-level steps: both move, unchanged.
            let i = rng.below(steps.len() - 1);
            let ((a, b), (_, d)) = (steps[i], steps[i + 1]);
            format!("{}{}{}{}", &text[..a], &text[b..d], &text[a..b], &text[d..])
        }
        5 => {
            // Rename a step that a `goto` names (and sometimes the goto along with it).
            let gotos: Vec<&str> = text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("goto: "))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            if gotos.is_empty() {
                return splice(at, at, "x");
            }
            let target = gotos[rng.below(gotos.len())];
            let from = format!("name: {target}\n");
            let to = format!("name: {target}Renamed\n");
            let renamed = text.replacen(&from, &to, 1);
            if rng.below(2) == 0 {
                renamed.replacen(
                    &format!("goto: {target}\n"),
                    &format!("goto: {target}Renamed\n"),
                    1,
                )
            } else {
                renamed
            }
        }
        6 => {
            // Break the YAML.
            let broken = ["\t", "[", "\"", "{", ": :", "\n  - [x\n", "key: 'open\n"];
            splice(at, at, broken[rng.below(broken.len())])
        }
        7 => {
            // An anchor on one value and an alias to it on another line.
            let values: Vec<usize> = text
                .match_indices(": ")
                .map(|(i, _)| i + 2)
                .filter(|&i| !text[i..].starts_with(['\n', '|', '>', '&', '*', '!']))
                .collect();
            if values.len() < 2 {
                return splice(at, at, "*a");
            }
            let i = rng.below(values.len() - 1);
            let (first, second) = (values[i], values[i + 1 + rng.below(values.len() - i - 1)]);
            let second_end = text[second..].find('\n').map_or(text.len(), |n| second + n);
            format!(
                "{}&a {}*a{}",
                &text[..first],
                &text[first..second],
                &text[second_end..]
            )
        }
        8 => {
            // A mistake the rules report inside a step.
            let mistakes = [
                ("type: task", "type: tsk"),
                ("$input", "$.input"),
                ("FnF.ALL", "FnF.All"),
                ("goto: ", "goto: Nowhere"),
                ("duration: ", "duration: -"),
                ("pattern: ", "pattern: waitforcallback"),
                ("name: ", "name: "),
            ];
            let (from, to) = mistakes[rng.below(mistakes.len())];
            let hits: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
            if hits.is_empty() {
                return splice(at, at, "#");
            }
            let h = hits[rng.below(hits.len())];
            splice(h, h + from.len(), to)
        }
        9 => {
            // A suppression comment.
            let rules = ["FDL201", "FDL102", "FDL302", "all"];
            let indent = &text[line_start..at].len().min(4);
            let comment = format!(
                "{}# fdl-ignore: {}\n",
                " ".repeat(*indent),
                rules[rng.below(rules.len())]
            );
            splice(line_start, line_start, &comment)
        }
        10 if !steps.is_empty() => {
            // An unknown key in a top-level step.
            let (s, _) = steps[rng.below(steps.len())];
            let eol = text[s..].find('\n').map_or(text.len(), |i| s + i + 1);
            let indent = text[s..].len() - text[s..].trim_start().len() + 2;
            splice(eol, eol, &format!("{}nxet: step\n", " ".repeat(indent)))
        }
        _ => {
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            splice(at, next, "")
        }
    }
}

fn level_sets() -> Vec<RuleLevels> {
    let default = RuleLevels::default();
    let mut warnings = RuleLevels::default();
    warnings.set_all(Level::Warning);
    let mut some_off = RuleLevels::default();
    for rule in ["FDL201", "FDL102", "FDL203", "FDL010"] {
        some_off.set(rule, Level::Off).expect("known rule");
    }
    some_off.set("FDL302", Level::Hint).expect("known rule");
    vec![default, warnings, some_off]
}

/// Edits `text` `rounds` times, checking each version with the cache of the version before
/// and from scratch. Now and then goes back to an earlier version, as undo does. Returns the
/// number of steps reused.
fn chain(name: &str, text: &str, rounds: usize, seed: u64, levels: &RuleLevels) -> usize {
    let mut rng = Rng(seed | 1);
    let mut cache = CheckCache::default();
    let mut versions = vec![text.to_string()];
    let mut reused = 0;
    for round in 0..=rounds {
        let current = if round == 0 {
            text.to_string()
        } else if rng.below(5) == 0 {
            versions[rng.below(versions.len())].clone()
        } else {
            edit(versions.last().expect("a version"), &mut rng)
        };
        let parsed = fdl_syntax::parse(&current);
        let (got, next) = check_parsed_cached(&current, &parsed, levels, cache);
        let expected = check_parsed_with(&current, &parsed, levels);
        assert!(
            got == expected,
            "{name}, round {round}: cached check differs\n--- text ---\n{current}\n--- cached ---\n{got:#?}\n--- from scratch ---\n{expected:#?}"
        );
        reused += next.reused();
        cache = next;
        versions.push(current);
    }
    reused
}

fn fixtures() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
    let mut out = Vec::new();
    for sub in ["valid", "invalid"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}"))
            .expect("fixtures folder")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn cached_equals_from_scratch_on_edited_fixtures() {
    let fixtures = fixtures();
    assert!(fixtures.len() > 100, "only {} fixtures", fixtures.len());
    let levels = level_sets();
    let mut reused = 0;
    for (i, (name, text)) in fixtures.iter().enumerate() {
        reused += chain(name, text, 12, 0x5eed + i as u64, &levels[i % levels.len()]);
    }
    // The edits leave most steps alone: the cache must have been used, not just bypassed.
    assert!(reused > 1000, "only {reused} steps reused");
}

#[test]
fn cached_equals_from_scratch_on_edited_generated_flows() {
    let levels = level_sets();
    let mut reused = 0;
    for seed in 0..6u64 {
        let text = fdl_bench::flow_with_steps(seed, 12 + seed as usize * 4);
        reused += chain(
            &format!("generated flow {seed}"),
            &text,
            25,
            0xf10e + seed,
            &levels[seed as usize % levels.len()],
        );
    }
    assert!(reused > 500, "only {reused} steps reused");
}

/// The name line of the `n`-th top-level step, and the text with that name changed.
fn rename_step(text: &str, n: usize) -> String {
    let (s, e) = top_level_steps(text)[n];
    let at = s + text[s..e].find("name: ").expect("a named step") + "name: ".len();
    format!("{}z{}", &text[..at], &text[at..])
}

#[test]
fn an_edit_in_one_step_rechecks_only_that_step() {
    let text = fdl_bench::flow_with_steps(7, 200);
    assert_eq!(top_level_steps(&text).len(), 200);
    let levels = RuleLevels::default();
    let parsed = fdl_syntax::parse(&text);
    let (first, cache) = check_parsed_cached(&text, &parsed, &levels, CheckCache::default());
    assert_eq!((cache.reused(), cache.checked()), (0, 200));
    assert_eq!(first, check_parsed_with(&text, &parsed, &levels));

    // Every step after the edited one moves by a byte, and is still reused.
    let edited = rename_step(&text, 100);
    let parsed = fdl_syntax::parse(&edited);
    let (got, cache) = check_parsed_cached(&edited, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (199, 1));
    assert_eq!(got, check_parsed_with(&edited, &parsed, &levels));

    // Going back reuses the original step too.
    let parsed = fdl_syntax::parse(&text);
    let (got, cache) = check_parsed_cached(&text, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (199, 1));
    assert_eq!(got, first);
}

#[test]
fn broken_yaml_reuses_nothing_but_keeps_the_cache() {
    let text = fdl_bench::flow_with_steps(7, 200);
    let levels = RuleLevels::default();
    let parsed = fdl_syntax::parse(&text);
    let (_, cache) = check_parsed_cached(&text, &parsed, &levels, CheckCache::default());

    // An unclosed quote in step 100's name: recovery may skip text, so nothing is reused.
    let (s, e) = top_level_steps(&text)[100];
    let at = s + text[s..e].find("name: ").expect("a named step") + "name: ".len();
    let broken = format!("{}\"{}", &text[..at], &text[at..]);
    let parsed = fdl_syntax::parse(&broken);
    assert!(!parsed.errors.is_empty(), "the YAML should be broken");
    let (got, cache) = check_parsed_cached(&broken, &parsed, &levels, cache);
    assert_eq!(cache.reused(), 0);
    assert_eq!(got, check_parsed_with(&broken, &parsed, &levels));
    assert!(got.iter().any(|d| d.code == "FDL001"), "{got:#?}");

    // Closing the quote again: the steps of the last good version are still in the cache.
    let parsed = fdl_syntax::parse(&text);
    let (got, cache) = check_parsed_cached(&text, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (200, 0));
    assert_eq!(got, check_parsed_with(&text, &parsed, &levels));
}

#[test]
fn steps_that_depend_on_other_steps_are_not_reused() {
    // `b`'s alias copies `a`'s retry rule: editing `a` must change `b`'s diagnostics.
    let text = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: a\n    resourceArn: acs:fc:::services/s/functions/f\n    retry: &r\n      - errors: [FnF.ALL]\n        maxAttempts: 3\n  - type: task\n    name: b\n    resourceArn: acs:fc:::services/s/functions/f\n    retry: *r\n";
    let levels = RuleLevels::default();
    let parsed = fdl_syntax::parse(text);
    let (_, cache) = check_parsed_cached(text, &parsed, &levels, CheckCache::default());
    let edited = text.replace("maxAttempts: 3", "maxAttempts: -3");
    let parsed = fdl_syntax::parse(&edited);
    let (got, cache) = check_parsed_cached(&edited, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (0, 2));
    assert_eq!(got, check_parsed_with(&edited, &parsed, &levels));
    assert!(got.iter().any(|d| d.code == "FDL412"), "{got:#?}");

    // A `goto` to a missing step names the same step elsewhere in a label: once `c` gets a
    // step named `x`, the report inside `p` must say so.
    let text = "version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n      - steps:\n          - type: choice\n            name: ch\n            choices:\n              - condition: $.a == 1\n                goto: x\n            default:\n              goto: ch\n  - type: pass\n    name: c\n";
    let parsed = fdl_syntax::parse(text);
    let (before, cache) = check_parsed_cached(text, &parsed, &levels, CheckCache::default());
    let goto = before.iter().find(|d| d.code == "FDL201").expect("FDL201");
    assert!(goto.labels.is_empty());
    let edited = text.replace("name: c\n", "name: x\n");
    let parsed = fdl_syntax::parse(&edited);
    let (got, cache) = check_parsed_cached(&edited, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (0, 2));
    assert_eq!(got, check_parsed_with(&edited, &parsed, &levels));
    let goto = got.iter().find(|d| d.code == "FDL201").expect("FDL201");
    assert_eq!(goto.labels.len(), 1, "{goto:#?}");
}

#[test]
fn a_goto_to_a_step_in_another_list_is_labelled_from_the_cache() {
    let text = fdl_bench::flow_with_steps(5, 200);
    let levels = RuleLevels::default();
    let parsed = fdl_syntax::parse(&text);
    let (_, cache) = check_parsed_cached(&text, &parsed, &levels, CheckCache::default());

    // A top-level task's `catch` now names a step nested in some list, out of its reach: the
    // report says where that step is, from names the cache kept for the steps not checked.
    let nested = text
        .lines()
        .find_map(|l| l.strip_prefix("            name: "))
        .expect("a nested step");
    let goto = text.find("\n        goto: ").expect("a top-level catch") + 1;
    let end = goto + text[goto..].find('\n').expect("a line");
    let edited = format!("{}        goto: {nested}{}", &text[..goto], &text[end..]);
    let parsed = fdl_syntax::parse(&edited);
    let (got, cache) = check_parsed_cached(&edited, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (199, 1));
    assert_eq!(got, check_parsed_with(&edited, &parsed, &levels));
    let report = got.iter().find(|d| d.code == "FDL201").expect("FDL201");
    assert!(!report.labels.is_empty(), "{report:#?}");

    // Now the step holding the nested one is checked again too: its names come from a model
    // of that step.
    let at = edited
        .find(&format!("            name: {nested}\n"))
        .expect("the nested step");
    let (holder, _) = top_level_steps(&edited)
        .into_iter()
        .rfind(|&(s, _)| s <= at)
        .expect("its top-level step");
    let line_end = holder + edited[holder..].find('\n').expect("a line") + 1;
    let edited = format!(
        "{}    # edited\n{}",
        &edited[..line_end],
        &edited[line_end..]
    );
    let parsed = fdl_syntax::parse(&edited);
    let (again, cache) = check_parsed_cached(&edited, &parsed, &levels, cache);
    assert_eq!((cache.reused(), cache.checked()), (199, 1));
    assert_eq!(again, check_parsed_with(&edited, &parsed, &levels));
    let report = again.iter().find(|d| d.code == "FDL201").expect("FDL201");
    assert!(!report.labels.is_empty(), "{report:#?}");
}
