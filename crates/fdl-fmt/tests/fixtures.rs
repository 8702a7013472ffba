//! One test per fixture file (the project's `fixtures/valid` and `fixtures/invalid`, and the
//! formatter's own `tests/fixtures`): a snapshot of the formatted text, and the formatter's
//! promises checked on it (same YAML data, same comments, formats to itself, clean lines),
//! also with key reordering off and with a narrow line width. Files the YAML layer rejects
//! must be refused with `FormatError::Syntax`.

use std::path::Path;

use fdl_fmt::{FormatError, Options};

mod support;

fn snapshot_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let rel = text
        .split_once("fixtures/")
        .map_or(text.as_str(), |(_, rest)| rest);
    let prefix = if text.contains("tests/fixtures/") {
        "fmt"
    } else {
        "project"
    };
    let stem = rel.trim_end_matches(".yaml").trim_end_matches(".yml");
    format!("{prefix}__{}", stem.replace('/', "__"))
}

fn fixture(path: &Path, text: String) -> datatest_stable::Result<()> {
    let options = Options::default();
    let out = match fdl_fmt::format(&text, &options) {
        Ok(out) => out,
        Err(FormatError::Syntax) => {
            if !support::has_syntax_errors(&text) {
                return Err(
                    format!("{} was refused but has no syntax error", path.display()).into(),
                );
            }
            if !path.to_string_lossy().contains("invalid") {
                return Err(
                    format!("{} is a valid fixture but was refused", path.display()).into(),
                );
            }
            return Ok(());
        }
        Err(e) => return Err(format!("{}: {e}", path.display()).into()),
    };
    support::check_output(&text, &out, &options).map_err(|e| format!("{}: {e}", path.display()))?;
    let variants = [
        Options {
            reorder_keys: false,
            ..Options::default()
        },
        Options {
            line_width: 24,
            ..Options::default()
        },
    ];
    for variant in &variants {
        support::format_checked(&text, variant)
            .map_err(|e| format!("{} with {variant:?}: {e}", path.display()))?;
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(path);
    settings.bind(|| insta::assert_snapshot!(snapshot_name(path), support::visible(&out)));
    Ok(())
}

datatest_stable::harness! {
    { test = fixture, root = "../../fixtures/valid", pattern = r"\.ya?ml$" },
    { test = fixture, root = "../../fixtures/invalid", pattern = r"\.ya?ml$" },
    { test = fixture, root = "tests/fixtures", pattern = r"\.ya?ml$" },
}
