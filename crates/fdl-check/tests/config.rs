//! `fdl.toml`: parsing, every error message, discovery, include/exclude matching and the
//! default file.

use std::path::{Path, PathBuf};

use fdl_check::config::{Config, DEFAULT_CONFIG, FormatSettings, check_level};
use fdl_check::{Level, RuleLevels, find_rule};

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("/project/fdl.toml"))
        .unwrap_or_else(|e| panic!("{text:?} should parse, but: {e}"))
}

fn error(text: &str) -> String {
    match Config::parse(text, Path::new("/project/fdl.toml")) {
        Ok(config) => panic!("{text:?} should be refused, but gave {config:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_full_configuration() {
    let config = parse(
        r#"
include = ["flows/**/*.yaml"]
exclude = ["flows/legacy/**"]
[rules]
FDL201 = "warning"
unreachable-step = "off"
"#,
    );
    assert_eq!(config.root, PathBuf::from("/project"));
    assert_eq!(config.source, Some(PathBuf::from("/project/fdl.toml")));
    assert_eq!(config.include.patterns(), ["flows/**/*.yaml"]);
    assert_eq!(config.exclude.patterns(), ["flows/legacy/**"]);
    assert_eq!(config.rules.level("FDL201"), Some(Level::Warning));
    assert_eq!(config.rules.level("FDL203"), Some(Level::Off));
    assert_eq!(config.rules.level("FDL202"), Some(Level::Error));
    assert_eq!(config.format, FormatSettings::default());

    let config =
        parse("[format]\nreorder-keys = false\nline-width = 120\n[rules]\nfdl414 = \"error\"\n");
    assert_eq!(
        config.format,
        FormatSettings {
            reorder_keys: false,
            line_width: 120
        }
    );
    assert_eq!(config.rules.level("FDL414"), Some(Level::Error));
    // Dotted keys and inline tables are the same tables.
    let dotted = parse("format.line-width = 100\nrules = { FDL203 = \"hint\" }\n");
    assert_eq!(dotted.format.line_width, 100);
    assert_eq!(dotted.rules.level("FDL203"), Some(Level::Hint));
    // The syntax-level rules may be warnings.
    let lenient = parse("[rules]\nFDL001 = \"warning\"\n");
    assert_eq!(lenient.rules.level("FDL001"), Some(Level::Warning));
}

#[test]
fn an_empty_file_is_the_defaults() {
    for text in ["", "\n\n", "# nothing set yet\n", "\u{feff}"] {
        let config = parse(text);
        assert!(config.include.is_empty());
        assert!(config.exclude.is_empty());
        assert!(config.rules.is_default());
        assert_eq!(config.format, FormatSettings::default());
    }
}

/// Every kind of mistake, with the message a user sees.
#[test]
fn error_messages() {
    let cases = [
        ("TOML syntax", "include = [\n"),
        ("TOML syntax, unquoted value", "[rules]\nFDL201 = warning\n"),
        ("key twice", "include = []\ninclude = []\n"),
        ("misspelt top-level key", "includes = [\"flows\"]\n"),
        ("unknown top-level key", "paths = [\"flows\"]\n"),
        ("another tool's section", "[tool.fdl]\ninclude = []\n"),
        ("snake_case format key", "[format]\nline_width = 90\n"),
        ("unknown format key", "[format]\nindent = 4\n"),
        ("line width zero", "[format]\nline-width = 0\n"),
        ("line width negative", "[format]\nline-width = -3\n"),
        ("line width too large", "[format]\nline-width = 5000\n"),
        ("line width as a string", "[format]\nline-width = \"80\"\n"),
        (
            "line width with a fraction",
            "[format]\nline-width = 80.5\n",
        ),
        (
            "line width in hexadecimal",
            "[format]\nline-width = 0xFFFFFFFFFFFF\n",
        ),
        (
            "reorder-keys as a string",
            "[format]\nreorder-keys = \"yes\"\n",
        ),
        ("format not a table", "format = 80\n"),
        ("misspelt rule code", "[rules]\nFDL2O1 = \"off\"\n"),
        (
            "misspelt rule name",
            "[rules]\nunreachable-steps = \"off\"\n",
        ),
        ("unknown rule", "[rules]\nmax-line-length = \"off\"\n"),
        ("misspelt level", "[rules]\nFDL201 = \"warn\"\n"),
        ("level in capitals", "[rules]\nFDL201 = \"Error\"\n"),
        ("level as a boolean", "[rules]\nFDL201 = false\n"),
        (
            "rule set twice",
            "[rules]\nFDL201 = \"off\"\ngoto-target-missing = \"error\"\n",
        ),
        (
            "syntax errors off",
            "[rules]\nyaml-syntax-error = \"off\"\n",
        ),
        ("alias bombs as hints", "[rules]\nFDL006 = \"hint\"\n"),
        (
            "second documents off",
            "[rules]\nmultiple-documents = \"off\"\n",
        ),
        ("rules not a table", "rules = \"strict\"\n"),
        ("include a string", "include = \"flows/*.yaml\"\n"),
        ("include a number", "include = [\"flows\", 1]\n"),
        ("invalid glob", "exclude = [\"flows/[a\"]\n"),
        ("absolute glob", "exclude = [\"/srv/flows/*.yaml\"]\n"),
        ("glob going up", "include = [\"../shared/*.yaml\"]\n"),
        ("empty glob", "include = [\"\"]\n"),
        (
            "position counts characters",
            "# 配置\nexclude = [\"流程\", 5]\n",
        ),
        ("after a byte order mark", "\u{feff}colour = true\n"),
    ];
    let mut out = String::new();
    for (what, text) in cases {
        out.push_str(&format!("{what}:\n{}\n\n", error(text)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn level_limits_are_public_for_command_line_flags() {
    let rule = find_rule("FDL001").unwrap();
    assert!(check_level(rule, Level::Off).is_err());
    assert!(check_level(rule, Level::Hint).is_err());
    assert!(check_level(rule, Level::Warning).is_ok());
    assert!(check_level(find_rule("FDL201").unwrap(), Level::Off).is_ok());
    // A second YAML document is never checked: reporting it cannot be turned off either.
    let documents = find_rule("FDL003").unwrap();
    assert!(check_level(documents, Level::Off).is_err());
    assert!(check_level(documents, Level::Warning).is_ok());
}

#[test]
fn the_default_file_gives_the_defaults() {
    let config = parse(DEFAULT_CONFIG);
    let default = Config::default();
    assert_eq!(config.include, default.include);
    assert_eq!(config.exclude, default.exclude);
    assert_eq!(config.rules, RuleLevels::default());
    assert_eq!(config.format, default.format);
    // Every commented-out example in it is a valid setting once uncommented.
    let uncommented: String = DEFAULT_CONFIG
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") && rest.starts_with(char::is_alphanumeric) => {
                format!("{rest}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    let examples = parse(&uncommented);
    assert_eq!(examples.rules.level("FDL203"), Some(Level::Error));
    assert_eq!(examples.rules.level("FDL414"), Some(Level::Off));
    let indented: Vec<&str> = DEFAULT_CONFIG
        .lines()
        .filter_map(|l| l.strip_prefix("#   "))
        .collect();
    assert_eq!(indented.len(), 1);
    let example = parse(indented[0]);
    assert_eq!(example.exclude.patterns(), ["flows/legacy", "*.draft.yaml"]);
}

#[test]
fn to_toml_round_trips() {
    let config = parse(
        "include = [\"flows/**/*.yaml\", \"odd \\\"name\\\".yaml\"]\nexclude = [\"*.draft.yaml\"]\n[rules]\nFDL203 = \"error\"\nunknown-service-param = \"off\"\nFDL201 = \"error\"\n[format]\nline-width = 100\n",
    );
    let text = config.to_toml();
    insta::assert_snapshot!(text);
    let again = parse(&text);
    assert_eq!(again.include, config.include);
    assert_eq!(again.exclude, config.exclude);
    assert_eq!(again.format, config.format);
    for rule in fdl_check::RULES {
        assert_eq!(again.rules.level(rule.code), config.rules.level(rule.code));
    }
    let defaults = parse(&Config::default().to_toml());
    assert!(defaults.rules.is_default());
    assert_eq!(defaults.format, FormatSettings::default());
}

#[test]
fn include_and_exclude() {
    let config = parse(
        "include = [\"flows/**/*.yaml\", \"./extra/\"]\nexclude = [\"flows/legacy\", \"*.draft.yaml\", \"tmp\"]\n",
    );
    let included = |p: &str| config.is_included(Path::new(p));
    assert!(included("/project/flows/order.yaml"));
    assert!(included("/project/flows/shop/order.yaml"));
    assert!(included("/project/./flows/x/../order.yaml"));
    // A glob that matches a folder matches what is inside it.
    assert!(included("/project/extra/deep/any.yml"));
    assert!(!included("/project/flows/order.yml"));
    assert!(!included("/project/other/order.yaml"));
    assert!(!included("/project/flows/legacy/old.yaml"));
    assert!(!included("/project/flows/legacy/deeper/old.yaml"));
    // A glob without `/` matches a name at any depth.
    assert!(!included("/project/flows/order.draft.yaml"));
    assert!(!included("/project/flows/tmp/order.yaml"));
    assert!(included("/project/flows/tmpfile/order.yaml"));
    // Outside the configuration's folder no glob matches.
    assert!(!included("/elsewhere/flows/order.yaml"));
    assert!(!included("/project-two/flows/order.yaml"));
    assert!(config.is_excluded(Path::new("/project/flows/legacy")));
    assert!(!config.is_excluded(Path::new("/project/flows")));

    // `*` stays within one folder; `**` crosses any number.
    let one_level = parse("include = [\"flows/*.yaml\"]\n");
    assert!(one_level.is_included(Path::new("/project/flows/a.yaml")));
    assert!(!one_level.is_included(Path::new("/project/flows/sub/a.yaml")));

    // Without globs every file is included, inside the folder or not.
    let open = parse("");
    assert!(open.is_included(Path::new("/project/a.yaml")));
    assert!(open.is_included(Path::new("/elsewhere/a.yaml")));
    assert!(Config::default().is_included(Path::new("relative/a.yaml")));

    // Relative paths are taken from the current folder, on both sides.
    let here = Config::parse("exclude = [\"legacy\"]\n", Path::new("fdl.toml")).unwrap();
    assert!(here.root.is_absolute());
    assert!(here.is_included(Path::new("flows/a.yaml")));
    assert!(!here.is_included(Path::new("legacy/a.yaml")));
    assert!(!here.is_included(&std::env::current_dir().unwrap().join("legacy/a.yaml")));
}

#[test]
fn discovery_finds_the_nearest_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("a/b/c")).unwrap();
    std::fs::create_dir_all(root.join("d")).unwrap();
    std::fs::write(root.join("fdl.toml"), "[format]\nline-width = 90\n").unwrap();
    std::fs::write(root.join("a/b/fdl.toml"), "[format]\nline-width = 70\n").unwrap();
    // A folder named fdl.toml is not a configuration.
    std::fs::create_dir_all(root.join("d/fdl.toml")).unwrap();

    let found = |p: &Path| Config::discover(p).unwrap().unwrap();
    let nested = found(&root.join("a/b/c/flow.yaml"));
    assert_eq!(nested.format.line_width, 70);
    assert_eq!(nested.source, Some(root.join("a/b/fdl.toml")));
    assert_eq!(nested.root, root.join("a/b"));
    assert_eq!(found(&root.join("a/b/flow.yaml")).format.line_width, 70);
    assert_eq!(found(&root.join("a/b")).format.line_width, 70);
    assert_eq!(found(&root.join("a/flow.yaml")).format.line_width, 90);
    assert_eq!(found(&root.join("a")).format.line_width, 90);
    assert_eq!(found(&root.join("d/flow.yaml")).format.line_width, 90);
    // The file need not exist (standard input named with --stdin-filename).
    assert_eq!(found(&root.join("a/b/c/new.yaml")).format.line_width, 70);

    // A broken file is an error, not the defaults.
    std::fs::write(root.join("a/b/fdl.toml"), "[rules]\nFDL201 = \"warn\"\n").unwrap();
    let e = Config::discover(&root.join("a/b/c/flow.yaml")).unwrap_err();
    assert_eq!(e.path, root.join("a/b/fdl.toml"));
    assert_eq!(e.position, Some((2, 10)));
}

#[test]
fn discovery_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing above a temporary folder should hold an fdl.toml; if something does, this
    // test says so instead of passing by accident.
    let above: Vec<PathBuf> = dir
        .path()
        .ancestors()
        .map(|p| p.join("fdl.toml"))
        .filter(|p| p.exists())
        .collect();
    assert!(above.is_empty(), "unexpected {above:?}");
    assert_eq!(Config::discover(&dir.path().join("flow.yaml")), Ok(None));
}

#[test]
fn load_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let e = Config::load(&missing).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: no such file", missing.display())
    );
    assert_eq!(e.position, None);

    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"# caf\xe9\n").unwrap();
    let e = Config::load(&latin1).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: is not UTF-8 text, which TOML requires",
            latin1.display()
        )
    );

    let e = Config::load(dir.path()).unwrap_err();
    assert!(e.to_string().starts_with(&dir.path().display().to_string()));

    let good = dir.path().join("good.toml");
    std::fs::write(&good, "exclude = [\"old\"]\n").unwrap();
    let config = Config::load(&good).unwrap();
    assert_eq!(config.root, dir.path());
    assert!(!config.is_included(&dir.path().join("old/a.yaml")));
}
