package dev.lakehouse.workbench.pipeline.ci;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The learner's project as a git repository (JGit, decision 0046): created with a first commit on
 * {@code main}, branches, commits of the whole working tree, and a clean checkout of a commit into
 * another folder, which is what a CI runner starts from. Every failure is one line a learner can act on.
 */
public final class GitRepo implements AutoCloseable {

  /** The branch a new repository starts on, and the base a pull request is compared with. */
  public static final String MAIN = "main";

  /** Who commits in the learner's repository (there is one learner per data folder). */
  private static final PersonIdent LEARNER = new PersonIdent("learner", "learner@lakehouse-workbench.local");

  private final Path dir;
  private final Git git;

  private GitRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /**
   * Makes {@code dir} a new repository whose first commit on {@code main} holds every file in it
   * (those {@code .gitignore} ignores aside). A repository already there is replaced: this is a
   * project's fresh start (a lab's setup or reset).
   */
  public static GitRepo init(Path dir, String message) {
    try {
      Files.createDirectories(dir);
      deleteTree(dir.resolve(".git"));
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(MAIN).call();
      GitRepo repo = new GitRepo(dir, git);
      repo.commitAll(message);
      return repo;
    } catch (GitAPIException | IOException e) {
      throw failure("cannot create a git repository in " + dir, e);
    }
  }

  /** Opens the repository at {@code dir}; one line naming how to create it when there is none. */
  public static GitRepo open(Path dir) {
    if (!Files.isDirectory(dir.resolve(".git"))) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no git repository in " + dir,
          "CI runs on the commits of a repository, and this folder has no .git",
          "run 'ci init --repo " + dir + "' (or the day's 'lab setup'), then commit your branch with 'ci commit'");
    }
    try {
      return new GitRepo(dir, Git.open(dir.toFile()));
    } catch (IOException e) {
      throw failure("cannot open the git repository in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The branch checked out in the working tree. */
  public String currentBranch() {
    try {
      return git.getRepository().getBranch();
    } catch (IOException e) {
      throw failure("cannot read the current branch of " + dir, e);
    }
  }

  /** The local branches, by name. */
  public List<String> branches() {
    try {
      List<String> out = new ArrayList<>();
      for (Ref r : git.branchList().call()) {
        out.add(Repository.shortenRefName(r.getName()));
      }
      return out;
    } catch (GitAPIException e) {
      throw failure("cannot list the branches of " + dir, e);
    }
  }

  /** The commit a branch points at (its full id); one line naming the branches there are when it does not exist. */
  public String head(String branch) {
    try {
      ObjectId id = git.getRepository().resolve(Constants.R_HEADS + branch);
      if (id == null) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "no branch '" + branch + "' in " + dir,
            "the repository has " + String.join(", ", branches()),
            "create it with 'ci branch " + branch + "', or name one of those");
      }
      return id.name();
    } catch (IOException e) {
      throw failure("cannot read branch " + branch + " of " + dir, e);
    }
  }

  /**
   * Creates {@code name} at the current commit and switches to it, keeping the working tree's
   * changes (as {@code git switch -c} does).
   */
  public void createBranch(String name) {
    if (branches().contains(name)) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "the branch '" + name + "' exists already",
          "a new branch needs a new name", "switch to it with 'ci switch " + name + "', or choose another name");
    }
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
    } catch (GitAPIException e) {
      throw failure("cannot create the branch " + name, e);
    }
  }

  /** Switches the working tree to an existing branch; refused while there are uncommitted changes. */
  public void switchTo(String name) {
    head(name);
    if (!isClean()) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot switch to " + name,
          "the working tree has uncommitted changes, which switching could overwrite",
          "commit them first with 'ci commit -m MESSAGE'");
    }
    try {
      git.checkout().setName(name).call();
    } catch (GitAPIException e) {
      throw failure("cannot switch to " + name, e);
    }
  }

  /** Whether the working tree and the index match the current commit (ignored files aside). */
  public boolean isClean() {
    try {
      return git.status().call().isClean();
    } catch (GitAPIException e) {
      throw failure("cannot read the status of " + dir, e);
    }
  }

  /**
   * Commits every change of the working tree (new, changed and deleted files) on the current
   * branch and returns the new commit's id; one line when there is nothing to commit.
   */
  public String commitAll(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      boolean first = git.getRepository().resolve(Constants.HEAD) == null;
      if (!first && git.status().call().isClean()) {
        throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "nothing to commit on " + currentBranch(),
            "the working tree is the same as the branch's last commit", "change a file of the project first");
      }
      RevCommit c = git.commit().setMessage(message).setAuthor(LEARNER).setCommitter(LEARNER).setSign(false).call();
      return c.getId().name();
    } catch (GitAPIException | IOException e) {
      throw failure("cannot commit in " + dir, e);
    }
  }

  /** The first line of a commit's message. */
  public String subject(String commit) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(ObjectId.fromString(commit)).getShortMessage();
    } catch (IOException e) {
      throw failure("cannot read commit " + commit, e);
    }
  }

  /**
   * Writes the files of {@code commit} into {@code into} (a new or empty folder): a clean checkout,
   * with nothing of the working tree's uncommitted changes or ignored files, and no {@code .git}.
   */
  public void checkout(String commit, Path into) {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      tree.addTree(c.getTree());
      tree.setRecursive(true);
      Files.createDirectories(into);
      while (tree.next()) {
        Path file = into.resolve(tree.getPathString()).normalize();
        if (!file.startsWith(into)) {
          continue; // a path that would leave the folder is never written
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          repo.open(tree.getObjectId(0)).copyTo(out);
        }
      }
    } catch (IOException e) {
      throw failure("cannot check out " + commit + " into " + into, e);
    }
  }

  @Override
  public void close() {
    git.close();
  }

  /** Deletes a folder and everything in it (nothing when it does not exist). */
  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
        q.toFile().setWritable(true);
        Files.delete(q);
      }
    }
  }

  private static WorkbenchException failure(String what, Exception e) {
    return new WorkbenchException(WorkbenchException.Kind.FAILURE, WorkbenchException.compose(what,
        String.valueOf(e.getMessage()).replace('\n', ' '), "check that the folder is writable and not used by another program"), e);
  }
}
