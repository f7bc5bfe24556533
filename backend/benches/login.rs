//! Sign-in cost: how long argon2id (m = 19 MiB, t = 2, p = 1) takes to hash and verify a
//! password, which bounds login latency and how many sign-ins a core can serve.
//!
//! Run: `cargo bench -p kura-backend --bench login` (release profile). Prints figures; it
//! asserts nothing, because speed targets belong in benchmarks, not tests.

use std::time::{Duration, Instant};

use kura_backend::auth::passwords::Hashing;

const ROUNDS: usize = 20;

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total = samples
        .iter()
        .fold(Duration::ZERO, |sum, s| sum.saturating_add(*s));
    let mean = total / u32::try_from(samples.len()).unwrap_or(1);
    let p50 = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    println!(
        "{name:<28} mean {:>7.1} ms   p50 {:>7.1} ms   p95 {:>7.1} ms   ({} runs, ~{:.0}/s per core)",
        mean.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        samples.len(),
        1.0 / mean.as_secs_f64()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let password = "umbrella-tofu-42".to_owned();
    let passwords = Hashing::for_this_machine();
    let stored = passwords.hash(password.clone()).await.expect("hash");
    let mut hashing = Vec::with_capacity(ROUNDS);
    let mut verifying = Vec::with_capacity(ROUNDS);
    let mut unknown = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        passwords.hash(password.clone()).await.expect("hash");
        hashing.push(started.elapsed());

        let started = Instant::now();
        assert!(
            passwords
                .verify(password.clone(), Some(stored.clone()))
                .await
                .expect("verify")
        );
        verifying.push(started.elapsed());

        let started = Instant::now();
        assert!(
            !passwords
                .verify(password.clone(), None)
                .await
                .expect("verify")
        );
        unknown.push(started.elapsed());
    }
    println!("argon2id m=19456 KiB, t=2, p=1");
    summary("hash (sign-up)", hashing);
    summary("verify (sign-in)", verifying);
    summary("verify unknown email (decoy)", unknown);
}
