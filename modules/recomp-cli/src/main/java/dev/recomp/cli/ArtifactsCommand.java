package dev.recomp.cli;

import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.validation.ArtifactCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recomp-validation artifacts}: re-validates an existing run folder from its artifact index
 * and run manifest, running nothing.
 */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    description = {
      "Re-validates a run folder from its artifact index and run manifest without re-running"
          + " anything: every artifact must exist with its recorded SHA-256; stored captures are"
          + " validated again and must reproduce the recorded report.",
      "Exit 0 when all holds; 1 when artifacts are missing or altered or the report differs;"
          + " 2 for a bad index."
    })
public final class ArtifactsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Exactly one of a run folder or an index file. */
  static final class Source {
    @Parameters(paramLabel = "RUN-DIR", description = "a run folder holding artifact-index.json")
    Path runDir;

    @Option(names = "--artifact-index", paramLabel = "FILE", description = "the artifact index")
    Path index;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      description =
          "where artifact-check.json and any recomputed report go (default: the"
              + " index's out_dir, else revalidation/ beside the index)")
  Path outDir;

  @Override
  public Integer call() {
    Path indexFile =
        source.index != null ? source.index : source.runDir.resolve(ArtifactIndex.FILE_NAME);
    ArtifactCheck.Result result;
    try {
      result = ArtifactCheck.verify(indexFile);
    } catch (ArtifactCheck.BadIndexException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("recomp-validation artifacts: bad index: " + e.getMessage());
      err.flush();
      return Cli.USAGE;
    }
    Path out = outDir != null ? outDir : defaultOut(indexFile);
    ArtifactCheck.write(out, result);
    PrintWriter o = spec.commandLine().getOut();
    long ok = result.entries().stream().filter(e -> e.status() == ArtifactCheck.Status.OK).count();
    o.println(result.label() + ": " + ok + " of " + result.entries().size() + " artifacts intact");
    for (ArtifactCheck.Entry e : result.entries()) {
      if (e.status() != ArtifactCheck.Status.OK) {
        o.println("  " + e.status().id() + " " + e.path() + " (" + e.listedIn() + ")");
      }
    }
    result.problems().forEach(p -> o.println("  " + p));
    if (result.revalidation() != null) {
      o.println(
          "re-validated: "
              + result.revalidation().report().verdict().id()
              + (result.revalidation().reproduced() ? ", reproduces the recorded report" : ""));
    }
    o.println("wrote " + out.resolve(ArtifactCheck.FILE_NAME));
    o.flush();
    return result.ok() ? 0 : Cli.FAILURE;
  }

  private static Path defaultOut(Path indexFile) {
    Path base = indexFile.toAbsolutePath().getParent();
    ArtifactIndex index = ArtifactIndex.read(indexFile);
    return base.resolve(index.outDir() != null ? index.outDir() : "revalidation");
  }
}
