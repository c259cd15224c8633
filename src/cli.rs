//! Command line: stub.
pub fn run() -> i32 {
    0
}
