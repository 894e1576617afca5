package dev.lakehouse.workbench.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.workbench.governance.Governance;
import dev.lakehouse.workbench.lake.Lake;
import dev.lakehouse.workbench.sql.SqlSession;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Tools menu starts and stops the Delta Sharing server; a recipient's client reads from it meanwhile. */
class SharingServerUiTest extends FxRobot {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private WorkbenchWindow window;

  @AfterEach
  void close() throws Exception {
    window.stop();
  }

  @Test
  void theToolsMenuServesTheSharesUntilItIsSwitchedOff() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (Lake lake = Lake.open(dataDir)) {
      SqlSession admin = new SqlSession(lake);
      admin.hook(Governance.open(dataDir, lake, null));
      admin.execute("CREATE TABLE gold.revenue (region STRING, total BIGINT); INSERT INTO gold.revenue VALUES ('EU', 10);"
          + " CREATE SHARE partners; ALTER SHARE partners ADD TABLE gold.revenue AS sales.revenue");
      Path policy = dataDir.resolve("governance/policy.json");
      ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(policy));
      p.put("sharingPort", port); // the port recipients' profiles name, free in this test
      Files.writeString(policy, p.toPrettyString());
      admin.execute("CREATE RECIPIENT acme; GRANT SELECT ON SHARE partners TO RECIPIENT acme");
    }
    var profile = JSON.readTree(Files.readString(dataDir.resolve("governance/recipients/acme.share")));
    String endpoint = profile.get("endpoint").asText();
    assertThat(endpoint).isEqualTo("http://127.0.0.1:" + port + "/delta-sharing/");
    HttpRequest shares = HttpRequest.newBuilder(URI.create(endpoint + "shares"))
        .header("Authorization", "Bearer " + profile.get("bearerToken").asText()).build();
    HttpClient http = HttpClient.newHttpClient();

    window = new WorkbenchWindow(dataDir);
    window.start();
    clickOn("#tools-menu").clickOn("Delta Sharing server");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#status").queryAs(Label.class).getText().startsWith("Delta Sharing server at"));
    assertThat(lookup("#status").queryAs(Label.class).getText()).contains(endpoint).contains("127.0.0.1 only");
    HttpResponse<String> reply = http.send(shares, HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"items\":[{\"name\":\"partners\"}]}");

    clickOn("#tools-menu").clickOn("Delta Sharing server");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#status").queryAs(Label.class).getText().startsWith("Delta Sharing server stopped"));
    assertThatThrownBy(() -> http.send(shares, HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);

    // a port another program holds: the switch stays off and the status bar says why, in one line
    try (ServerSocket taken = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      clickOn("#tools-menu").clickOn("Delta Sharing server");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#status").queryAs(Label.class).getText().startsWith("Cannot start"));
      assertThat(lookup("#status").queryAs(Label.class).getText()).doesNotContain("\n").contains("127.0.0.1:" + port);
      WaitForAsyncUtils.waitForFxEvents();
      var item = (javafx.scene.control.CheckMenuItem) lookup("#tools-menu").queryAs(javafx.scene.control.MenuButton.class)
          .getItems().stream().filter(i -> "sharing-server-item".equals(i.getId())).findFirst().orElseThrow();
      assertThat(item.isSelected()).as("the switch shows the server is off").isFalse();
    }
  }
}
