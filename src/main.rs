fn main() {
    let _ = engine::time::Instant::EPOCH;
}
