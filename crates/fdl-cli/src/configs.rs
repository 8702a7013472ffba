//! Which `fdl.toml` governs each input: the file given with `--config`, or the nearest one in
//! the input's folder or above. Resolved once per folder, before any file is read, so a broken
//! configuration stops the run with one clear message instead of one per file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fdl_check::config::{Config, ConfigError};

use crate::inputs::{Input, Source};

/// The configuration of each input, in the inputs' order.
pub struct Resolved {
    pub configs: Vec<Arc<Config>>,
}

/// Resolves the configuration of every input. `explicit_config` is `--config FILE`, which
/// governs every input. Errors come once per broken file.
pub fn resolve(
    inputs: &[Input],
    explicit_config: Option<&Path>,
) -> Result<Resolved, Vec<ConfigError>> {
    if let Some(file) = explicit_config {
        let config = Arc::new(Config::load(file).map_err(|e| vec![e])?);
        return Ok(Resolved {
            configs: vec![config; inputs.len()],
        });
    }
    let defaults = Arc::new(Config::default());
    let mut by_folder: HashMap<PathBuf, Result<Arc<Config>, ConfigError>> = HashMap::new();
    let mut configs = Vec::with_capacity(inputs.len());
    let mut errors: Vec<ConfigError> = Vec::new();
    for input in inputs {
        let folder = folder_of(input);
        let found =
            by_folder
                .entry(folder.clone())
                .or_insert_with(|| match Config::discover(&folder) {
                    Ok(Some(config)) => Ok(Arc::new(config)),
                    Ok(None) => Ok(defaults.clone()),
                    Err(e) => Err(e),
                });
        match found {
            Ok(config) => configs.push(config.clone()),
            Err(e) => {
                if !errors.contains(e) {
                    errors.push(e.clone());
                }
                configs.push(defaults.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok(Resolved { configs })
    } else {
        Err(errors)
    }
}

/// The folder whose `fdl.toml` (or a parent's) applies: the file's folder; for standard input,
/// the folder of `--stdin-filename` if it names one, else the current folder.
fn folder_of(input: &Input) -> PathBuf {
    let parent = input
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf);
    match (input.source, parent) {
        (Source::File, Some(parent)) => parent,
        (Source::Stdin, Some(parent)) if parent.is_dir() => parent,
        _ => PathBuf::from("."),
    }
}

/// Whether an input is worked on under its configuration: files found in a folder must match
/// `include` and not `exclude`; files named on the command line and standard input always are
/// (naming a file is a request, as with ruff and eslint). With `--flows-only`, named files
/// count as found (see `Input::with_flows_only`): pre-commit names every staged file, and
/// `exclude` must still hold there.
pub fn wanted(input: &Input, config: &Config) -> bool {
    input.explicit || config.is_included(&input.path)
}
