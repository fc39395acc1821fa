package dev.recomp.cli;

import dev.recomp.core.ModelRequests;
import dev.recomp.core.StageName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code recomp envelope}: writes a model request envelope under a finished run's policy. */
@Command(
    name = "envelope",
    mixinStandardHelpOptions = true,
    versionProvider = RecompVersion.class,
    description = {
      "Writes the model request envelope a stage of a finished run would send, checked against"
          + " the run's policy: its redaction profile (artifact classes it keeps at home are"
          + " refused, paths hashed when it says so), allowed_models, max_cost_usd and approval"
          + " gates. Prints the envelope's path. Nothing is sent anywhere."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:written",
      "1:the policy forbids the request (the message says which rule)",
      "2:bad usage"
    })
final class EnvelopeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--work-root",
      required = true,
      paramLabel = "DIR",
      description = "The run's work root (holds run-manifest.json).")
  Path workRoot;

  @Option(
      names = "--stage",
      required = true,
      paramLabel = "STAGE",
      converter = AutomateCommand.StageConverter.class,
      description = "The stage that asks.")
  StageName stage;

  @Option(names = "--model", required = true, description = "One of the policy's allowed_models.")
  String model;

  @Option(
      names = "--effort",
      defaultValue = "medium",
      description = "Reasoning effort: low, medium or high (default: ${DEFAULT-VALUE}).")
  String effort;

  @Option(names = "--purpose", required = true, description = "What the model is asked to do.")
  String purpose;

  @Option(
      names = "--artifact",
      paramLabel = "PATH",
      description = "A work-root-relative artifact of the run to send along (repeatable).")
  List<String> artifacts = new ArrayList<>();

  @Option(
      names = "--response-schema",
      required = true,
      paramLabel = "URI",
      description = "$id of the JSON Schema the answer must satisfy.")
  String responseSchema;

  @Option(
      names = "--max-cost-usd",
      paramLabel = "USD",
      description = "Bound for this request; required when the policy sets max_cost_usd.")
  Double maxCostUsd;

  @Override
  public Integer call() {
    if (!List.of("low", "medium", "high").contains(effort)) {
      throw new ParameterException(
          spec.commandLine(), "--effort must be low, medium or high, not " + effort);
    }
    Path file =
        ModelRequests.write(
            workRoot,
            new ModelRequests.Request(
                stage, model, effort, purpose, artifacts, responseSchema, maxCostUsd));
    PrintWriter out = spec.commandLine().getOut();
    out.println(file);
    out.flush();
    return 0;
  }
}
