//! Per-document settings: the rule levels and formatter options of the `fdl.toml` that
//! governs the document's folder (the nearest one above it), or the defaults.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use fdl_check::RuleLevels;
use fdl_check::config::Config;

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
    defaults: Rc<Settings>,
}

impl SettingsCache {
    pub fn get(&self, uri: &str) -> Rc<Settings> {
        self.docs.get(uri).unwrap_or(&self.defaults).clone()
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
        let settings = match uri_to_path(uri) {
            Some(path) => {
                let config = self.config_for(&path, &mut problem);
                Rc::new(match config {
                    Some(config) => Settings {
                        levels: config.rules.clone(),
                        format: fdl_fmt::Options {
                            reorder_keys: config.format.reorder_keys,
                            line_width: config.format.line_width,
                        },
                        checked: config.is_included(&path),
                    },
                    None => Settings::default(),
                })
            }
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
