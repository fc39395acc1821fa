package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.InputRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage replaced by an external command. It runs in the work root with a clean environment
 * (RECOMP_* variables name the paths), must exit 0 and must create every declared output in its
 * stage directory. Its signature is the unexpanded argv template, so moving the tree does not
 * change its key.
 */
record ExternalCommandStage(StageName name, AutomationConfig.CommandStage command)
    implements Stage {

  @Override
  public Declaration declare(StageContext context) {
    List<Read> reads = new ArrayList<>();
    for (String read : command.reads()) {
      reads.add(new Read(context.resolveConfigPath(read), InputRecord.Role.STAGE_INPUT));
    }
    String joined = String.join("\u0000", command.command());
    if (joined.contains("{binary}")) {
      reads.add(new Read(context.binary(), InputRecord.Role.BINARY));
    }
    var analysis = context.config().analysis();
    if (name == StageName.ANALYSIS && analysis.nameMap() != null) {
      reads.add(new Read(context.resolveConfigPath(analysis.nameMap()), InputRecord.Role.NAME_MAP));
    }
    if (name == StageName.ANALYSIS && analysis.runtimeTraceManifest() != null) {
      reads.add(
          new Read(
              context.resolveConfigPath(analysis.runtimeTraceManifest()),
              InputRecord.Role.RUNTIME_TRACE_MANIFEST));
    }
    String signature =
        "external.v1\ncommand="
            + joined
            + "\noutputs="
            + String.join("\u0000", command.outputs())
            + "\nenv="
            + command.env();
    List<String> tools = new ArrayList<>();
    tools.add(context.expand(command.command().getFirst()));
    tools.addAll(command.tools());
    return new Declaration(signature, command.command(), tools, reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    List<String> argv = command.command().stream().map(context::expand).toList();
    int status =
        context.exec(
            argv,
            context.workRoot(),
            null,
            command.env(),
            true,
            context.stdoutLog(),
            context.stderrLog());
    if (status != 0) {
      throw new StageException(
          name
              + ": "
              + command.command().getFirst()
              + " exited with status "
              + status
              + " (see logs/"
              + name
              + ".stderr.log)");
    }
    return command.outputs();
  }
}
