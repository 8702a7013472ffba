//! Per-document settings: the rule levels and formatter options of the `fdl.toml` that
//! governs the document's folder (the nearest one above it), or the defaults.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use fdl_check::config::{Config, check_level};
use fdl_check::{Level, RuleLevels, lookup_rule};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub levels: RuleLevels,
    pub format: fdl_fmt::Options,
    /// False when the `fdl.toml` excludes the document: like `fdl check` walking its folder,
    /// the server then reports nothing for it.
    pub checked: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            levels: RuleLevels::default(),
            format: fdl_fmt::Options::default(),
            checked: true,
        }
    }
}

/// Settings by document, with the configuration files read once per folder (until the client
/// says an `fdl.toml` changed).
#[derive(Default)]
pub struct SettingsCache {
    docs: HashMap<String, Rc<Settings>>,
    folders: HashMap<PathBuf, Option<Rc<Config>>>,
    /// Broken configuration files already shown to the user.
    reported: HashSet<PathBuf>,
    /// The settings of a document no `fdl.toml` governs: the defaults, with the rule levels
    /// the editor asks for (its `fdl.rules` setting).
    defaults: Rc<Settings>,
}

impl SettingsCache {
    pub fn get(&self, uri: &str) -> Rc<Settings> {
        self.docs.get(uri).unwrap_or(&self.defaults).clone()
    }

    /// Takes the editor's rule levels (`{"FDL101": "warning", "unknown-key": "off"}`), which
    /// apply to documents that no `fdl.toml` governs: a document under an `fdl.toml` is checked
    /// with that file as is, exactly as `fdl check` in CI checks it. Entries that are not
    /// understood are left out, and the message names them. Whether the levels changed.
    pub fn set_editor_rules(&mut self, rules: &Value) -> (bool, Option<String>) {
        let (levels, problems) = editor_levels(rules);
        let changed = levels != self.defaults.levels;
        if changed {
            self.defaults = Rc::new(Settings {
                levels,
                ..Settings::default()
            });
        }
        let problem = (!problems.is_empty()).then(|| {
            format!(
                "fdl: some entries of the `fdl.rules` setting are not used: {}.",
                problems.join("; ")
            )
        });
        (changed, problem)
    }

    /// Forgets every configuration read, so that the next `refresh` reads them again.
    pub fn clear(&mut self) {
        self.folders.clear();
        self.reported.clear();
    }

    /// Works out the settings of the document `uri` again. Returns whether they changed, and
    /// a message for the user when its `fdl.toml` is broken (once per file; the defaults are
    /// used meanwhile).
    pub fn refresh(&mut self, uri: &str) -> (bool, Option<String>) {
        let mut problem = None;
        let config =
            uri_to_path(uri).and_then(|path| Some((self.config_for(&path, &mut problem)?, path)));
        let settings = match config {
            Some((config, path)) => Rc::new(Settings {
                levels: config.rules.clone(),
                format: fdl_fmt::Options {
                    reorder_keys: config.format.reorder_keys,
                    line_width: config.format.line_width,
                },
                checked: config.is_included(&path),
            }),
            None => self.defaults.clone(),
        };
        let changed = self.docs.get(uri) != Some(&settings);
        self.docs.insert(uri.to_string(), settings);
        (changed, problem)
    }

    pub fn forget(&mut self, uri: &str) {
        self.docs.remove(uri);
    }

    fn config_for(&mut self, path: &Path, problem: &mut Option<String>) -> Option<Rc<Config>> {
        let folder = path.parent()?.to_path_buf();
        if let Some(config) = self.folders.get(&folder) {
            return config.clone();
        }
        let config = match Config::discover(path) {
            Ok(config) => config.map(Rc::new),
            Err(error) => {
                if self.reported.insert(error.path.clone()) {
                    *problem = Some(format!(
                        "fdl: the configuration file is not used, because it has a mistake: \
                         {error}. Until it is fixed, flows are checked and formatted with the \
                         default settings."
                    ));
                }
                None
            }
        };
        self.folders.insert(folder, config.clone());
        config
    }
}

/// Reads the editor's rule levels: an object from rule code or name to level. `null` (the
/// setting not set) means the defaults. Returns the levels understood and what was not.
fn editor_levels(rules: &Value) -> (RuleLevels, Vec<String>) {
    let mut levels = RuleLevels::default();
    let mut problems = Vec::new();
    let entries = match rules {
        Value::Null => return (levels, problems),
        Value::Object(entries) => entries,
        other => {
            problems.push(format!(
                "it must map rule codes or names to levels, like {{\"FDL203\": \"error\"}}, not `{other}`"
            ));
            return (levels, problems);
        }
    };
    for (rule, level) in entries {
        let Some(level) = level.as_str().and_then(Level::parse) else {
            problems.push(format!(
                "`{rule}`: the level must be one of {}, not `{level}`",
                Level::NAMES
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        };
        let set = lookup_rule(rule)
            .and_then(|found| check_level(found, level))
            .and_then(|()| levels.set(rule, level).map(|_| ()));
        // The messages name the rule.
        if let Err(message) = set {
            problems.push(message);
        }
    }
    (levels, problems)
}

/// The local path of a `file://` URI (percent-decoded); `None` for other schemes (an unsaved
/// buffer, a remote file), which get the default settings.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // An authority (host) may precede the path: only `localhost` is local.
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost")?
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    bytes_to_path(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let path = String::from_utf8(bytes).ok()?;
    // `/C:/dir/file` is `C:/dir/file` on Windows.
    let path = match path.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => path[1..].to_string(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn editor_rules_apply_where_no_fdl_toml_does() {
        let dir = tempfile::tempdir().unwrap();
        let with_config = dir.path().join("project");
        std::fs::create_dir(&with_config).unwrap();
        std::fs::write(
            with_config.join("fdl.toml"),
            "[rules]\nFDL203 = \"error\"\n",
        )
        .unwrap();
        let uri = |path: &Path| format!("file://{}", path.display());
        let free = uri(&dir.path().join("free.yaml"));
        let governed = uri(&with_config.join("flow.yaml"));

        let mut cache = SettingsCache::default();
        let (changed, problem) =
            cache.set_editor_rules(&json!({ "unknown-key": "off", "FDL203": "hint" }));
        assert!(changed);
        assert_eq!(problem, None);
        cache.refresh(&free);
        cache.refresh(&governed);
        assert_eq!(cache.get(&free).levels.level("FDL102"), Some(Level::Off));
        assert_eq!(cache.get(&free).levels.level("FDL203"), Some(Level::Hint));
        // The fdl.toml is used as is: its FDL203, and FDL102 at its default.
        assert_eq!(
            cache.get(&governed).levels.level("FDL203"),
            Some(Level::Error)
        );
        assert_eq!(
            cache.get(&governed).levels.level("FDL102"),
            Some(Level::Warning)
        );
        // Documents that are not files get the editor's levels too.
        assert_eq!(
            cache.get("untitled:1").levels.level("FDL102"),
            Some(Level::Off)
        );

        // Setting the same levels again changes nothing; clearing them does.
        let (changed, _) =
            cache.set_editor_rules(&json!({ "unknown-key": "off", "FDL203": "hint" }));
        assert!(!changed);
        let (changed, _) = cache.set_editor_rules(&Value::Null);
        assert!(changed);
        assert!(cache.refresh(&free).0);
        assert_eq!(
            cache.get(&free).levels.level("FDL102"),
            Some(Level::Warning)
        );
    }

    #[test]
    fn editor_rules_that_are_not_understood_are_named() {
        let mut cache = SettingsCache::default();
        let (changed, problem) = cache.set_editor_rules(&json!({
            "unknwn-key": "off",
            "FDL203": "loud",
            "FDL001": "off",
            "FDL101": "hint",
        }));
        assert!(changed, "the valid entry is used");
        let problem = problem.unwrap();
        assert!(
            problem.contains("`unknwn-key`") && problem.contains("`unknown-key`"),
            "{problem}"
        );
        assert!(
            problem.contains("`FDL203`: the level must be one of \"error\""),
            "{problem}"
        );
        assert!(
            problem.contains("FDL001 (") && problem.contains("cannot be set to \"off\""),
            "{problem}"
        );
        assert_eq!(
            cache.get("untitled:1").levels.level("FDL101"),
            Some(Level::Hint)
        );
        let (_, problem) = cache.set_editor_rules(&json!(["FDL101"]));
        assert!(
            problem
                .unwrap()
                .contains("must map rule codes or names to levels")
        );
    }

    #[test]
    #[cfg(unix)]
    fn file_uris() {
        assert_eq!(
            uri_to_path("file:///home/a%20b/flow.yaml"),
            Some(PathBuf::from("/home/a b/flow.yaml"))
        );
        assert_eq!(
            uri_to_path("file://localhost/tmp/%E5%90%8D.yaml"),
            Some(PathBuf::from("/tmp/名.yaml"))
        );
        assert_eq!(
            uri_to_path("file:///x/100%"),
            Some(PathBuf::from("/x/100%"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file://server/share/x.yaml"), None);
    }
}
