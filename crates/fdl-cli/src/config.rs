//! `fdl config`: prints the commented default `fdl.toml`, or the configuration in effect for a
//! file or folder (which file it comes from, and its settings), to debug which settings apply.

use std::path::{Path, PathBuf};

use clap::Args;
use fdl_check::config::{Config, DEFAULT_CONFIG};

use crate::Status;
use crate::inputs::describe_io;
use crate::output::{report_problem, write_stdout};
use crate::render::sanitize;

#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// Print a commented default configuration (start one with `fdl config --default >
    /// fdl.toml`)
    #[arg(long, conflicts_with_all = ["show", "config"])]
    pub default: bool,

    /// Show the configuration in effect for this file or folder: the nearest fdl.toml in its
    /// folder or above [default: the current folder]
    #[arg(long, value_name = "PATH")]
    pub show: Option<PathBuf>,

    /// Read this configuration file instead of searching for fdl.toml (and report its
    /// mistakes, if any)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(args: &ConfigArgs) -> Status {
    let text = match text(args) {
        Ok(text) => text,
        Err(message) => {
            report_problem(&message);
            return Status::Trouble;
        }
    };
    write_stdout(&text)
}

/// What `fdl config` prints, or the problem to report.
fn text(args: &ConfigArgs) -> Result<String, String> {
    if args.default {
        return Ok(DEFAULT_CONFIG.to_string());
    }
    let path = args.show.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::metadata(&path) {
        return Err(format!("{}: {}", path.display(), describe_io(&e)));
    }
    let config = match &args.config {
        Some(file) => Some(Config::load(file).map_err(|e| e.to_string())?),
        None => Config::discover(&path).map_err(|e| e.to_string())?,
    };
    Ok(effective(&path, config.as_ref()))
}

/// The settings in effect for `path`, as an `fdl.toml` text whose header comments say where
/// they come from and whether `path` (a file) is checked.
fn effective(path: &Path, config: Option<&Config>) -> String {
    let shown = sanitize(&path.display().to_string());
    let mut out = match config.and_then(|c| c.source.as_ref()) {
        Some(source) => format!(
            "# The configuration in effect for {shown}: {}\n",
            sanitize(&source.display().to_string())
        ),
        None if path.is_dir() => {
            format!(
                "# No fdl.toml in {shown} or any folder above it: the defaults are in effect.\n"
            )
        }
        None => format!(
            "# No fdl.toml in the folder of {shown} or any folder above it: the defaults are in effect.\n"
        ),
    };
    let default = Config::default();
    let config = config.unwrap_or(&default);
    if !path.is_dir() && !config.is_included(path) {
        out.push_str(&format!(
            "# {shown} is not matched by `include`, or is matched by `exclude`.\n"
        ));
    }
    out.push('\n');
    out.push_str(&config.to_toml());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(default: bool, show: Option<&Path>, config: Option<&Path>) -> ConfigArgs {
        ConfigArgs {
            default,
            show: show.map(Path::to_path_buf),
            config: config.map(Path::to_path_buf),
        }
    }

    #[test]
    fn default_file() {
        assert_eq!(text(&args(true, None, None)).unwrap(), DEFAULT_CONFIG);
    }

    #[test]
    fn configuration_in_effect() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("flows/legacy")).unwrap();
        std::fs::write(root.join("flows/order.yaml"), "").unwrap();
        std::fs::write(root.join("flows/legacy/old.yaml"), "").unwrap();
        std::fs::write(
            root.join("fdl.toml"),
            "exclude = [\"legacy\"]\n[rules]\nunreachable-step = \"error\"\n[format]\nline-width = 100\n",
        )
        .unwrap();
        let toml = root.join("fdl.toml").display().to_string();

        let shown = text(&args(false, Some(&root.join("flows/order.yaml")), None)).unwrap();
        let order = root.join("flows/order.yaml").display().to_string();
        assert_eq!(
            shown,
            format!(
                "# The configuration in effect for {order}: {toml}\n\ninclude = []\nexclude = [\"legacy\"]\n\n[rules]\nFDL203 = \"error\"  # unreachable-step, default: warning\n\n[format]\nreorder-keys = true\nline-width = 100\n"
            )
        );
        let old = root.join("flows/legacy/old.yaml");
        let shown = text(&args(false, Some(&old), None)).unwrap();
        assert!(shown.contains(&format!(
            "# {} is not matched by `include`, or is matched by `exclude`.\n",
            old.display()
        )));
        // A folder is shown without the per-file line.
        let shown = text(&args(false, Some(&root.join("flows/legacy")), None)).unwrap();
        assert!(!shown.contains("is not matched"));

        // An explicit file wins over the search.
        std::fs::write(root.join("other.toml"), "[format]\nreorder-keys = false\n").unwrap();
        let shown = text(&args(
            false,
            Some(&root.join("flows")),
            Some(&root.join("other.toml")),
        ))
        .unwrap();
        assert!(shown.contains("reorder-keys = false\nline-width = 80\n"));
    }

    #[test]
    fn without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let shown = text(&args(false, Some(dir.path()), None)).unwrap();
        assert!(
            shown.starts_with(&format!(
                "# No fdl.toml in {} or any folder above it: the defaults are in effect.\n\n",
                dir.path().display()
            )),
            "{shown}"
        );
        assert!(shown.ends_with(
            "[rules]\n# every rule at its default level (`fdl rules` lists them)\n\n[format]\nreorder-keys = true\nline-width = 80\n"
        ));
    }

    #[test]
    fn problems() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.yaml");
        let e = text(&args(false, Some(&missing), None)).unwrap_err();
        assert!(e.starts_with(&missing.display().to_string()), "{e}");

        std::fs::write(dir.path().join("fdl.toml"), "[format]\nline_width = 90\n").unwrap();
        let e = text(&args(false, Some(dir.path()), None)).unwrap_err();
        assert_eq!(
            e,
            format!(
                "{}:2:1: unknown key `line_width` in [format]; did you mean `line-width`?",
                dir.path().join("fdl.toml").display()
            )
        );
        let e = text(&args(false, None, Some(&dir.path().join("nope.toml")))).unwrap_err();
        assert!(e.ends_with("nope.toml: no such file"), "{e}");
    }
}
