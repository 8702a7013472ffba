//! `fdl.toml`: which files to check, rule levels and formatter settings for a folder tree.
//!
//! One file name, found by walking up from each checked file; the nearest wins. Every mistake
//! in it is an error with a position and, for misspelt keys and values, a suggestion: a setting
//! that is silently ignored is worse than none.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::{Level, RULES, Rule, RuleLevels, did_you_mean, lookup_rule};

/// The configuration file's name.
pub const FILE_NAME: &str = "fdl.toml";

/// The commented default configuration that `fdl config --default` prints. Parsing it gives
/// the same settings as `Config::default()`.
pub const DEFAULT_CONFIG: &str = r#"# fdl.toml: settings for fdl. fdl uses the nearest fdl.toml found by walking up
# from each checked file (or the file named with --config); the language server
# reads the same file. Every setting below is the default.

# Files to check, as globs relative to the folder holding this file. `*` matches
# within one folder, `**` any number of folders; a glob without `/` matches a
# file or folder name at any depth; a glob that matches a folder matches
# everything in it. Empty: every flow file.
include = []

# Files to leave out, applied after `include`; same syntax. For example:
#   exclude = ["flows/legacy", "*.draft.yaml"]
exclude = []

# Rule levels, by code or name: "error", "warning", "hint" or "off".
# `fdl rules` lists every rule with its default level.
[rules]
# FDL203 = "error"
# unknown-service-param = "off"

# `fdl fmt` settings.
[format]
# Put keys in the canonical order (`type`, `name`, then the step's fields).
reorder-keys = true
# Flow lists and mappings that fit in this many columns stay on one line.
line-width = 80
"#;

/// The widest `line-width` accepted: beyond it nothing would ever be broken up.
pub const MAX_LINE_WIDTH: usize = 1000;

/// Rules that say part of the file could not be read or is never checked (a second YAML
/// document): they cannot be turned off or made hints, and inline comments cannot suppress
/// them, so that such a file never passes silently.
pub const UNREADABLE_TEXT_RULES: &[&str] = &["FDL001", "FDL003", "FDL006", "FDL007"];

/// Why a rule of `UNREADABLE_TEXT_RULES` must stay visible, for messages: "it means ...".
pub fn unreadable_reason(code: &str) -> &'static str {
    if code == "FDL003" {
        "it means the file holds a second YAML document, which is never checked"
    } else {
        "it means part of the file could not be read, so nothing there was checked"
    }
}

/// `fdl fmt` settings; the defaults are those of `fdl_fmt::Options` (this crate does not
/// depend on the formatter).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FormatSettings {
    pub reorder_keys: bool,
    pub line_width: usize,
}

impl Default for FormatSettings {
    fn default() -> FormatSettings {
        FormatSettings {
            reorder_keys: true,
            line_width: 80,
        }
    }
}

/// A list of globs, compiled once. A glob with a `/` matches the path relative to the
/// configuration's folder (or one of its folders); one without matches any single file or
/// folder name. A glob that matches a folder matches everything inside it.
#[derive(Clone, Debug, Default)]
pub struct Globs {
    patterns: Vec<String>,
    /// Globs with a `/`, matched against the relative path and each of its parent folders.
    anchored: GlobSet,
    /// Globs without a `/`, matched against each name in the relative path.
    names: GlobSet,
}

impl PartialEq for Globs {
    fn eq(&self, other: &Globs) -> bool {
        self.patterns == other.patterns
    }
}

impl Globs {
    /// Compiles the globs; the error names the glob at fault and why.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Result<Globs, String> {
        let mut kept = Vec::new();
        let mut anchored = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for pattern in patterns {
            let pattern = pattern.as_ref();
            let cleaned = clean_pattern(pattern)?;
            let glob = GlobBuilder::new(&cleaned)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| format!("`{pattern}` is not a valid glob: {}", e.kind()))?;
            if cleaned.contains('/') {
                anchored.add(glob);
            } else {
                names.add(glob);
            }
            kept.push(pattern.to_string());
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("invalid glob: {e}"));
        Ok(Globs {
            patterns: kept,
            anchored: build(anchored)?,
            names: build(names)?,
        })
    }

    /// The globs as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether a path relative to the configuration's folder, in `/`-separated form, matches.
    pub fn matches(&self, relative: &str) -> bool {
        let relative = relative.trim_matches('/');
        if relative.is_empty() {
            return false;
        }
        if !self.names.is_empty() && relative.split('/').any(|name| self.names.is_match(name)) {
            return true;
        }
        if self.anchored.is_empty() {
            return false;
        }
        // The path itself, then each folder above it.
        let mut end = relative.len();
        loop {
            if self.anchored.is_match(&relative[..end]) {
                return true;
            }
            match relative[..end].rfind('/') {
                Some(i) => end = i,
                None => return false,
            }
        }
    }
}

/// Strips `./` and a trailing `/`; refuses globs that could only match outside the folder.
fn clean_pattern(pattern: &str) -> Result<String, String> {
    let mut p = pattern.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() || p == "." {
        return Err(format!(
            "\"{pattern}\" is not a glob: it names no file or folder; remove it"
        ));
    }
    if p.starts_with('/') || Path::new(p).is_absolute() {
        return Err(format!(
            "`{pattern}` is an absolute path; globs are relative to the folder holding {FILE_NAME}"
        ));
    }
    if p.split('/').any(|part| part == "..") {
        return Err(format!(
            "`{pattern}` goes up with `..`; globs can only match inside the folder holding {FILE_NAME}"
        ));
    }
    Ok(p.to_string())
}

/// The settings of one `fdl.toml`, or the defaults.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Config {
    /// The folder holding the file (absolute): globs are relative to it. Empty for the
    /// defaults.
    pub root: PathBuf,
    /// The file, as it was named; `None` for the defaults.
    pub source: Option<PathBuf>,
    pub include: Globs,
    pub exclude: Globs,
    pub rules: RuleLevels,
    pub format: FormatSettings,
}

/// A configuration file that cannot be read or is wrong.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column (in characters), when the mistake has a place in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| {
            error(match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
                _ => format!("cannot be read: {e}"),
            })
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| error("is not UTF-8 text, which TOML requires".to_string()))?;
        Config::parse(&text, path)
    }

    /// The configuration that governs `start` (a file or a folder): the nearest `fdl.toml` in
    /// its folder or any folder above, up to the filesystem root. `None` when there is none.
    pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
        let start = absolute(start);
        let mut folder = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(dir) = folder {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate).map(Some);
            }
            folder = dir.parent();
        }
        Ok(None)
    }

    /// Parses the text of the configuration file at `path` (used for messages and as the
    /// place globs are relative to). An empty file gives the defaults.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut config = Config {
            root: absolute(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let reader = Reader {
            text,
            offset: text.len() - body.len(),
            path,
        };
        let doc = DeTable::parse(body).map_err(|e| {
            let mut message = e.message().trim().replace('\n', "; ");
            let span = e.span().unwrap_or(0..0);
            // toml does not say which key.
            if message == "duplicate key"
                && let Some(key) = body.get(span.clone()).map(str::trim)
                && !key.is_empty()
            {
                message = format!("`{key}` is set twice");
            }
            reader.error(span.start, format!("invalid TOML: {message}"))
        })?;
        for (key, value) in sorted(doc.get_ref()) {
            match key.get_ref().as_ref() {
                "include" => config.include = reader.globs(key, value)?,
                "exclude" => config.exclude = reader.globs(key, value)?,
                "rules" => config.rules = reader.rules(value)?,
                "format" => config.format = reader.format(value)?,
                "tool" => {
                    return Err(reader.error(
                        key.span().start,
                        format!(
                            "unknown key `tool`: {FILE_NAME} holds fdl's settings at the top level (`include`, `exclude`, [rules], [format]), not under [tool.fdl]"
                        ),
                    ));
                }
                other => {
                    return Err(reader.unknown_key(
                        key,
                        other,
                        "",
                        &["include", "exclude", "rules", "format"],
                    ));
                }
            }
        }
        Ok(config)
    }

    /// True when `path` (a file) is to be checked: it matches an `include` glob (or there are
    /// none) and no `exclude` glob. A path outside the configuration's folder matches no
    /// glob.
    pub fn is_included(&self, path: &Path) -> bool {
        match self.relative(path) {
            Some(relative) => {
                (self.include.is_empty() || self.include.matches(&relative))
                    && !self.exclude.matches(&relative)
            }
            None => self.include.is_empty(),
        }
    }

    /// True when `path` (a file or a folder) matches an `exclude` glob: a folder walk can skip
    /// an excluded folder without looking inside.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|relative| self.exclude.matches(&relative))
    }

    /// `path` relative to `root`, `/`-separated; `None` when it lies outside (or there is no
    /// root: the defaults).
    fn relative(&self, path: &Path) -> Option<String> {
        if self.root.as_os_str().is_empty() {
            return None;
        }
        let path = absolute(path);
        let rest = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The settings as an `fdl.toml` text (rules listed only where they differ from the
    /// defaults); parsing it gives the same settings.
    pub fn to_toml(&self) -> String {
        let list = |globs: &Globs| {
            let items: Vec<String> = globs.patterns().iter().map(|p| quote(p)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = format!(
            "include = {}\nexclude = {}\n\n[rules]\n",
            list(&self.include),
            list(&self.exclude)
        );
        let mut changed = false;
        for rule in RULES {
            let level = self.rules.level(rule.code).unwrap_or(rule.severity.into());
            if level != Level::from(rule.severity) {
                changed = true;
                out.push_str(&format!(
                    "{} = \"{}\"  # {}, default: {}\n",
                    rule.code,
                    level.name(),
                    rule.name,
                    rule.severity.as_str()
                ));
            }
        }
        if !changed {
            out.push_str("# every rule at its default level (`fdl rules` lists them)\n");
        }
        out.push_str(&format!(
            "\n[format]\nreorder-keys = {}\nline-width = {}\n",
            self.format.reorder_keys, self.format.line_width
        ));
        out
    }
}

/// Whether `rule` may run at `level` in a configuration; the error says why not. The rules
/// that report unreadable text must stay visible: a broken file must never pass silently.
pub fn check_level(rule: &Rule, level: Level) -> Result<(), String> {
    if UNREADABLE_TEXT_RULES.contains(&rule.code) && level < Level::Warning {
        return Err(format!(
            "{} ({}) cannot be set to \"{}\": {}; it can be \"error\" or \"warning\"",
            rule.code,
            rule.name,
            level.name(),
            unreadable_reason(rule.code)
        ));
    }
    Ok(())
}

/// The table's entries in the order they were written (the table itself is sorted by key).
fn sorted<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// An absolute form of `path` without `.` and `..` parts, without touching the filesystem
/// (symbolic links are not resolved: paths are compared as written).
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Turns positions in the parsed text into errors.
struct Reader<'a> {
    text: &'a str,
    /// Length of a byte order mark stripped before parsing.
    offset: usize,
    path: &'a Path,
}

impl Reader<'_> {
    fn error(&self, at: usize, message: String) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            position: Some(self.position(at)),
            message,
        }
    }

    /// 1-based line and column (in characters) of a byte offset into the parsed text.
    fn position(&self, at: usize) -> (usize, usize) {
        let at = (at + self.offset).min(self.text.len());
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..]
            .trim_start_matches('\u{feff}')
            .chars()
            .count()
            + 1;
        (line, column)
    }

    fn unknown_key<T>(
        &self,
        key: &Spanned<T>,
        name: &str,
        table: &str,
        known: &[&str],
    ) -> ConfigError {
        let place = if table.is_empty() {
            String::new()
        } else {
            format!(" in [{table}]")
        };
        let hint = match did_you_mean(name, known.iter().copied()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => format!("; the keys are {}", list_words(known, '`')),
        };
        self.error(
            key.span().start,
            format!("unknown key `{name}`{place}{hint}"),
        )
    }

    fn globs(
        &self,
        key: &Spanned<toml::de::DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Globs, ConfigError> {
        let name = key.get_ref();
        let not_a_list = || {
            self.error(
                value.span().start,
                format!(
                    "`{name}` must be a list of globs, like {name} = [\"flows/**/*.yaml\"], not {}",
                    a_type(value.get_ref())
                ),
            )
        };
        let DeValue::Array(items) = value.get_ref() else {
            return Err(not_a_list());
        };
        let mut patterns = Vec::new();
        for item in items.iter() {
            let DeValue::String(pattern) = item.get_ref() else {
                return Err(self.error(
                    item.span().start,
                    format!(
                        "`{name}` must list globs as strings, not {}",
                        a_type(item.get_ref())
                    ),
                ));
            };
            Globs::new([pattern.as_ref()]).map_err(|m| self.error(item.span().start, m))?;
            patterns.push(pattern.to_string());
        }
        Globs::new(patterns).map_err(|m| self.error(value.span().start, m))
    }

    fn rules(&self, value: &Spanned<DeValue<'_>>) -> Result<RuleLevels, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.error(
                value.span().start,
                format!(
                    "`rules` must be a table of rule levels, like [rules] followed by FDL203 = \"error\", not {}",
                    a_type(value.get_ref())
                ),
            ));
        };
        let mut levels = RuleLevels::default();
        // Where each rule was set, to catch a rule set twice (by code and by name).
        let mut seen: Vec<(&'static str, &str, usize)> = Vec::new();
        for (key, value) in sorted(table) {
            let written = key.get_ref().as_ref();
            let rule = lookup_rule(written)
                .map_err(|m| self.error(key.span().start, format!("in [rules]: {m}")))?;
            if let Some((_, first, at)) = seen.iter().find(|(code, _, _)| *code == rule.code) {
                let line = self.position(*at).0;
                return Err(self.error(
                    key.span().start,
                    format!(
                        "{} ({}) is set twice in [rules]: as `{first}` on line {line}, and as `{written}` here",
                        rule.code, rule.name
                    ),
                ));
            }
            seen.push((rule.code, written, key.span().start));
            let level = match value.get_ref() {
                DeValue::String(name) => Level::parse(name).ok_or_else(|| {
                    let hint = did_you_mean(name, Level::NAMES.iter().copied())
                        .map(|s| format!("did you mean \"{s}\"? The"))
                        .unwrap_or_else(|| "the".to_string());
                    self.error(
                        value.span().start,
                        format!(
                            "unknown level \"{name}\" for {} ({}); {hint} levels are {}",
                            rule.code,
                            rule.name,
                            list_words(Level::NAMES, '"')
                        ),
                    )
                })?,
                other => {
                    return Err(self.error(
                        value.span().start,
                        format!(
                            "the level of {} ({}) must be a string: \"error\", \"warning\", \"hint\" or \"off\", not {}",
                            rule.code,
                            rule.name,
                            a_type(other)
                        ),
                    ));
                }
            };
            check_level(rule, level).map_err(|m| self.error(value.span().start, m))?;
            // Cannot fail: the rule was looked up above.
            let _ = levels.set(rule.code, level);
        }
        Ok(levels)
    }

    fn format(&self, value: &Spanned<DeValue<'_>>) -> Result<FormatSettings, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.error(
                value.span().start,
                format!(
                    "`format` must be a table, like [format] followed by line-width = 80, not {}",
                    a_type(value.get_ref())
                ),
            ));
        };
        let mut settings = FormatSettings::default();
        for (key, value) in sorted(table) {
            match key.get_ref().as_ref() {
                "reorder-keys" => {
                    settings.reorder_keys = value.get_ref().as_bool().ok_or_else(|| {
                        self.error(
                            value.span().start,
                            format!(
                                "`reorder-keys` must be true or false, not {}",
                                a_type(value.get_ref())
                            ),
                        )
                    })?;
                }
                "line-width" => {
                    let width = match value.get_ref() {
                        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                        _ => None,
                    };
                    settings.line_width = width
                        .and_then(|w| usize::try_from(w).ok())
                        .filter(|w| (1..=MAX_LINE_WIDTH).contains(w))
                        .ok_or_else(|| {
                            let what = match value.get_ref() {
                                DeValue::Integer(i) => i.to_string(),
                                other => a_type(other).to_string(),
                            };
                            self.error(
                                value.span().start,
                                format!(
                                    "`line-width` must be a whole number of columns from 1 to {MAX_LINE_WIDTH}, not {what}"
                                ),
                            )
                        })?;
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "format",
                        &["reorder-keys", "line-width"],
                    ));
                }
            }
        }
        Ok(settings)
    }
}

/// "a string", "a table", ... for messages.
fn a_type(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// "`a`, `b` and `c`", with the given quote.
fn list_words(words: &[&str], quote: char) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("{quote}{w}{quote}")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}
