package dev.lakehouse.workbench.pipeline.ci;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A GitHub Actions workflow, in the subset the local runner runs (decision 0046): {@code name},
 * {@code on} (it must include {@code pull_request}, optionally with {@code branches}; {@code push}
 * and {@code workflow_dispatch} are accepted and not run locally), {@code jobs.<id>} with
 * {@code name}, {@code runs-on} and {@code steps}, and steps with {@code name}, {@code run} or
 * {@code uses} (+ {@code with}). Any other key is refused in one line naming it.
 */
public record Workflow(String file, String name, List<String> baseBranches, List<Job> jobs) {

  public record Job(String id, String name, List<Step> steps) {}

  /** A step: {@code run} (its lines) or {@code uses} (an action). */
  public record Step(String name, String run, String uses) {
    /** The name a log shows: the step's name, else its first command line, else the action. */
    public String label() {
      if (name != null) {
        return name;
      }
      return run != null ? run.strip().lines().findFirst().orElse("run") : uses;
    }
  }

  private static final Set<String> TOP = Set.of("name", "on", "jobs");
  private static final Set<String> EVENTS = Set.of("pull_request", "push", "workflow_dispatch");
  private static final Set<String> TRIGGER = Set.of("branches");
  private static final Set<String> JOB = Set.of("name", "runs-on", "steps");
  private static final Set<String> STEP = Set.of("name", "run", "uses", "with");

  /** Parses a workflow file's text; {@code file} names it in errors. */
  public static Workflow parse(String file, String text) {
    Object loaded;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      loaded = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw bad(file, "is not valid YAML (" + e.getMessage().replace('\n', ' ').replaceAll("\\s+", " ") + ")",
          "fix the indentation or quoting at the line it names");
    }
    if (!(loaded instanceof Map<?, ?> top)) {
      throw bad(file, "is not a workflow", "a workflow is a mapping with on: and jobs:");
    }
    Map<String, Object> map = keys(file, "", top, TOP);
    Object on = map.get("on");
    if (on == null) {
      throw bad(file, "has no 'on:'", "add 'on: pull_request' so the workflow runs for pull requests");
    }
    List<String> bases = new ArrayList<>();
    boolean pullRequest;
    if (on instanceof String s) {
      pullRequest = event(file, s);
    } else if (on instanceof List<?> l) {
      pullRequest = false;
      for (Object e : l) {
        pullRequest |= event(file, String.valueOf(e));
      }
    } else if (on instanceof Map<?, ?> m) {
      Map<String, Object> events = keys(file, "on", m, EVENTS);
      pullRequest = events.containsKey("pull_request");
      Object pr = events.get("pull_request");
      if (pr instanceof Map<?, ?> prMap) {
        Object branches = keys(file, "on.pull_request", prMap, TRIGGER).get("branches");
        if (branches instanceof List<?> bl) {
          bl.forEach(b -> bases.add(String.valueOf(b)));
        } else if (branches != null) {
          bases.add(String.valueOf(branches));
        }
      } else if (pr != null) {
        throw bad(file, "has 'on.pull_request' of an unexpected shape", "write it as 'pull_request:' with an optional 'branches: [main]'");
      }
    } else {
      throw bad(file, "has 'on:' of an unexpected shape", "write 'on: pull_request' or 'on: {pull_request: {branches: [main]}}'");
    }
    if (!pullRequest) {
      throw bad(file, "does not run on pull_request", "add pull_request under 'on:': the local runner runs a branch as a pull request");
    }
    if (!(map.get("jobs") instanceof Map<?, ?> jobsMap) || jobsMap.isEmpty()) {
      throw bad(file, "has no jobs", "add 'jobs:' with one job whose 'steps:' run workbench commands");
    }
    List<Job> jobs = new ArrayList<>();
    for (Map.Entry<?, ?> j : jobsMap.entrySet()) {
      String id = String.valueOf(j.getKey());
      String at = "jobs." + id;
      if (!(j.getValue() instanceof Map<?, ?> jm)) {
        throw bad(file, "has a job '" + id + "' that is not a mapping", "give it 'runs-on:' and 'steps:'");
      }
      Map<String, Object> job = keys(file, at, jm, JOB);
      if (!(job.get("steps") instanceof List<?> stepList) || stepList.isEmpty()) {
        throw bad(file, "has no steps in " + at, "add 'steps:' with '- run: workbench dbt build ...'");
      }
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < stepList.size(); i++) {
        String sat = at + ".steps[" + i + "]";
        if (!(stepList.get(i) instanceof Map<?, ?> sm)) {
          throw bad(file, "has a step " + sat + " that is not a mapping", "write '- run: ...' or '- uses: ...'");
        }
        Map<String, Object> step = keys(file, sat, sm, STEP);
        Object run = step.get("run");
        Object uses = step.get("uses");
        if ((run == null) == (uses == null)) {
          throw bad(file, "has a step " + sat + " with " + (run == null ? "neither run: nor uses:" : "both run: and uses:"),
              "give each step exactly one of them");
        }
        if (step.containsKey("with") && uses == null) {
          throw bad(file, "has 'with:' on a run step " + sat, "'with:' belongs to a 'uses:' step");
        }
        steps.add(new Step(step.get("name") == null ? null : String.valueOf(step.get("name")),
            run == null ? null : String.valueOf(run), uses == null ? null : String.valueOf(uses)));
      }
      jobs.add(new Job(id, job.get("name") == null ? id : String.valueOf(job.get("name")), List.copyOf(steps)));
    }
    return new Workflow(file, map.get("name") == null ? file : String.valueOf(map.get("name")), List.copyOf(bases),
        List.copyOf(jobs));
  }

  private static boolean event(String file, String e) {
    if (!EVENTS.contains(e)) {
      throw bad(file, "runs on '" + e + "', an event the local runner does not know",
          "use pull_request (push and workflow_dispatch are accepted beside it)");
    }
    return e.equals("pull_request");
  }

  /**
   * The mapping's entries by key, refusing a key outside {@code allowed}. YAML 1.1 reads a bare
   * {@code on} as the boolean true, so that key is read back as "on".
   */
  private static Map<String, Object> keys(String file, String at, Map<?, ?> m, Set<String> allowed) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = Boolean.TRUE.equals(e.getKey()) ? "on" : String.valueOf(e.getKey());
      if (!allowed.contains(k)) {
        String where = at.isEmpty() ? k : at + "." + k;
        throw bad(file, "uses '" + where + "', which the local runner does not support",
            "it supports " + String.join(", ", allowed.stream().sorted().toList()) + (at.isEmpty() ? "" : " there")
                + "; remove the key, or keep it only in a workflow that runs on GitHub");
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  private static WorkbenchException bad(String file, String what, String fix) {
    return new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the workflow " + file + " " + what, null, fix);
  }
}
