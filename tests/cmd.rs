//! File-based command-line cases: each `tests/cmd/NAME.toml` gives a command's arguments (and
//! its input folder), `NAME.stdout` and `NAME.stderr` what it must print. After a deliberate
//! change, `CPTS_ACI_BLESS=1 cargo test` rewrites them, as it does every expected file of the
//! project (samples, schema); review the diff before committing.

#[test]
fn cli_cases() {
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        // SAFETY: this test program holds this one test, so no other thread reads the
        // environment while it is changed; trycmd reads TRYCMD to rewrite the expected files.
        unsafe { std::env::set_var("TRYCMD", "overwrite") };
    }
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
