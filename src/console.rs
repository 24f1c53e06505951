//! Messages for the person at the terminal. A closed standard output or
//! error (`newsgen build | head -0`, a closed log pipe) must not turn a
//! finished build into a crash: a line that cannot be written is dropped,
//! and the exit code stays the build's own.

use std::io::Write;

/// Writes one line to standard output; a closed or broken output is ignored.
pub fn say(line: &str) {
    write_line(&mut std::io::stdout().lock(), line);
}

/// Writes one line to standard error; a closed or broken output is ignored.
pub fn tell(line: &str) {
    write_line(&mut std::io::stderr().lock(), line);
}

fn write_line(out: &mut impl Write, line: &str) {
    // Nothing useful can be done when the reader has gone: the message is
    // lost, and the build's result is reported by the exit code.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that has gone: every write fails with a broken pipe.
    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_broken_pipe_is_not_a_panic() {
        write_line(&mut Gone, "Built 1 article");
        let mut kept = Vec::new();
        write_line(&mut kept, "warning: x");
        assert_eq!(kept, b"warning: x\n");
    }
}
