//! One test per fixture file: every flow in `fixtures/valid` gives no diagnostics at all;
//! every flow in `fixtures/invalid` gives exactly the codes its `# expect:` line lists, and a
//! snapshot of the rendered diagnostics.

use std::collections::BTreeMap;
use std::path::Path;

mod support;
use support as render;

fn valid(path: &Path, text: String) -> datatest_stable::Result<()> {
    let diagnostics = fdl_check::check_source(&text);
    if !diagnostics.is_empty() {
        return Err(format!(
            "{} should give no diagnostics, but gave:\n{}",
            path.display(),
            render::render(&text, &diagnostics)
        )
        .into());
    }
    Ok(())
}

/// Parses `# expect: FDL201 x2, FDL102` into code -> count.
fn expected_codes(text: &str) -> Option<BTreeMap<String, usize>> {
    let line = text
        .lines()
        .find_map(|l| l.trim_start_matches('\u{feff}').strip_prefix("# expect:"))?;
    let mut codes = BTreeMap::new();
    for item in line.split(',') {
        let mut words = item.split_whitespace();
        let Some(code) = words.next() else { continue };
        let count = words
            .next()
            .and_then(|w| w.strip_prefix('x'))
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        *codes.entry(code.to_string()).or_default() += count;
    }
    Some(codes)
}

fn invalid(path: &Path, text: String) -> datatest_stable::Result<()> {
    let diagnostics = fdl_check::check_source(&text);
    render::assert_spans_valid(&text, &diagnostics, &path.display().to_string());
    let rendered = render::render(&text, &diagnostics);
    let mut actual: BTreeMap<String, usize> = BTreeMap::new();
    for d in &diagnostics {
        *actual.entry(d.code.to_string()).or_default() += 1;
    }
    let expected = expected_codes(&text)
        .ok_or_else(|| format!("{} has no `# expect:` line", path.display()))?;
    if actual != expected {
        return Err(format!(
            "{}: expected {expected:?}, got {actual:?}:\n{rendered}",
            path.display()
        )
        .into());
    }
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("fixture")
        .to_string();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/invalid/snapshots"
    ));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(path);
    settings.bind(|| insta::assert_snapshot!(name, rendered));
    Ok(())
}

datatest_stable::harness! {
    { test = valid, root = "../../fixtures/valid", pattern = r"\.ya?ml$" },
    { test = invalid, root = "../../fixtures/invalid", pattern = r"\.ya?ml$" },
}
