using Cms.Faults;

// A black-box client for the fault scripts in bench/faults/: it speaks to a running API over HTTP only.
//   seed    --base URL --key K                         station, channel and author the storm writes into (idempotent)
//   storm   --base URL --key K [--writers 8] [--readers 8] --seconds N --ack-file F [--media] [--body-kb 2]
//           [--until-write-failures N] [--label NAME] [--unanswered-file F]
//   verify  --base URL --key K --ack-file F [--lines N] [--unanswered F]
//                                                      every acknowledged id (of the first N lines) is readable, intact;
//                                                      and how many unanswered creates were committed anyway
//   image   --out FILE [--bytes N]                     a valid PNG of about N bytes (incompressible noise)
//   total   --base URL --key K                         number of articles the server holds (any status)
//   torn    --base URL --key K [--writers 2] [--readers 4] [--reads 10000] [--seconds 120]
//                                                      torn reads: responses mixing two versions of an article
// Each prints one line of JSON. verify exits 1 when an acknowledged write is missing or damaged; storm only counts (the
// scripts judge its numbers).
var options = Options.Parse(args.Skip(1));
try
{
    return args.FirstOrDefault() switch
    {
        "seed" => await Seeding.RunAsync(options),
        "storm" => await Storm.RunAsync(options),
        "verify" => await Verifier.RunAsync(options),
        "image" => Images.Run(options),
        "total" => await Seeding.TotalAsync(options),
        "torn" => await Torn.RunAsync(options),
        _ => Usage(),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: FaultDriver seed|storm|verify|image|total|torn [--option value ...] (see Program.cs)");
    return 2;
}
