//! Averages models: `mean OUT MODEL...` (an experiment: seeds' models).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, ins) = args.split_first().ok_or("usage: mean OUT MODEL...")?;
    let models = ins
        .iter()
        .map(|p| Ok(casus_syntax::Model::from_bytes(&std::fs::read(p)?)?))
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    std::fs::write(out, casus_syntax::Model::mean(&models).to_bytes())?;
    Ok(())
}
