package dev.lakehouse.workbench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DiagramPictureTest {

  private static final String STACK = """
      @startuml
      ' the learner's stack, as the day 1 lab asks for it
      database "Object storage (S3, Parquet files)" as storage
      component "Delta Lake (table format)" as delta
      component "dbt models (transformation)" as dbt
      component "Airflow (orchestration)" as airflow
      component "Unity Catalog (governance)" as uc
      component "Great Expectations (quality)" as gx
      actor "BI dashboards (consumers)" as bi
      storage --> delta : files + _delta_log
      delta --> dbt
      airflow ..> dbt : runs daily
      gx ..> delta : checks
      uc ..> delta : grants
      dbt --> bi
      @enduml
      """;

  @Test
  void aStackDiagramIsDrawnOfflineAsAPictureLargeEnoughForItsSevenElements() throws Exception {
    DiagramPicture.Picture p = DiagramPicture.draw(STACK);

    assertThat(p.problem()).isNull();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(p.png()));
    assertThat(image).as("a PNG").isNotNull();
    assertThat(image.getWidth() * image.getHeight()).as("seven boxes, not an error banner").isGreaterThan(200 * 300);
    assertThat(DiagramPicture.draw(STACK.replace("as gx\n", "as gx\ncomponent \"Extra\" as extra\n")).png())
        .as("another element draws another picture").isNotEqualTo(p.png());
  }

  @Test
  void aLineWithoutStartAndEndIsDrawnAsIfItHadThem() {
    assertThat(DiagramPicture.draw("[Delta] --> [dbt]").drawn()).isTrue();
  }

  @Test
  void aLinePlantUmlCannotReadGivesOneLineNamingItNotAnErrorImage() {
    DiagramPicture.Picture p = DiagramPicture.draw("@startuml\ncomponent Delta\nDelta -=> ???\n@enduml");

    assertThat(p.drawn()).isFalse();
    assertThat(p.problem()).doesNotContain("\n").startsWith("line 3 ('Delta -=> ???')").contains("PlantUML cannot read it");
  }

  @Test
  void includesFromFilesOrTheNetworkAreNotFollowed() {
    DiagramPicture.Picture p = DiagramPicture.draw("@startuml\n!include /etc/passwd\n[A] --> [B]\n@enduml");

    assertThat(p.drawn()).isFalse();
    assertThat(p.problem()).startsWith("line 2");
  }

  @Test
  void anEmptyFileSaysWhatToWrite() {
    assertThat(DiagramPicture.draw("").problem()).isNotNull();
  }
}
