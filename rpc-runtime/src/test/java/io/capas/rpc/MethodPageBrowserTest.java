package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The method page in a real browser: Debian's headless Chromium driven by Selenium through the
 * system's chromedriver ({@code .ci/setup.sh} installs both). The driver's path is given, so
 * Selenium Manager never runs and nothing is downloaded.
 *
 * <p>{@link #screenshotAfterACall} writes {@code target/method-page.png}; {@code
 * docs/method-page.png} is that file, copied after {@code mvn -B -o -q verify -pl rpc-runtime -am
 * -Dcapas.fuzz.skip=true -Dtest=MethodPageBrowserTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MethodPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";

  /** Would set a flag and raise an alert if the page ever ran it. */
  private static final String HOSTILE_HELP =
      "Echoes.\n<script>window.capasPwned = 1; alert('pwned')</script>";

  private static RpcServer server;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(TcpConfig.Model.THREAD_PER_CONNECTION).build(),
            HostResolver.system());
    server =
        RpcServer.http(
                transport,
                Endpoint.of("127.0.0.1", 0),
                HttpServerSettings.defaults()
                    .withMethodPage(true)
                    .withServerName("capas example server"))
            .addMethod(
                "suma",
                "Adds two integers.",
                List.of("int", "int", "int"),
                p -> (Integer) p.get(0) + (Integer) p.get(1))
            .addMethod(
                "addtogether",
                "Joins strings, adds numbers.",
                List.of("string", "string", "string"),
                p -> String.valueOf(p.get(0)) + p.get(1))
            .addMethod(
                "refuse",
                "Always answers fault 42.",
                List.of("int"),
                p -> {
                  throw new RpcFault(42, "no <way>");
                })
            .addMethod("echo", HOSTILE_HELP, List.of("struct", "struct"), p -> p.get(0))
            .start();
    driver = chromium(true);
  }

  private static ChromeDriver chromium(boolean javaScript) {
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1100,1300");
    if (!javaScript) {
      options.setExperimentalOption(
          "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(WAIT);
    return chrome;
  }

  @AfterAll
  static void stop() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static WebElement section(WebDriver browser, String method) {
    return browser.findElement(By.cssSelector("section[data-method='" + method + "']"));
  }

  /** Types {@code json} as {@code method}'s arguments, clicks Call, and returns the result text. */
  private static String call(String method, String json) {
    WebElement section = section(driver, method);
    WebElement input = section.findElement(By.cssSelector("input.params"));
    input.clear();
    input.sendKeys(json);
    section.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement result = section.findElement(By.cssSelector("output.result"));
    new WebDriverWait(driver, WAIT)
        .until(d -> !result.getText().isEmpty() && !result.getText().equals("calling..."));
    return result.getText();
  }

  @Test
  void listsTheMethodsWithSignaturesAndAppliesItsStyleSheet() {
    driver.get(server.url());
    assertEquals("capas example server", driver.getTitle());
    List<String> listed =
        driver.findElements(By.cssSelector("section.method")).stream()
            .map(s -> s.getDomAttribute("data-method"))
            .toList();
    assertTrue(
        listed.containsAll(List.of("suma", "addtogether", "refuse", "echo", "system.listMethods")),
        listed.toString());
    assertEquals(
        "int suma(int, int)", section(driver, "suma").findElement(By.cssSelector("p")).getText());
    // The style sheet from ?style applied under the CSP (the heading's colour is its own).
    assertEquals("rgba(43, 87, 151, 1)", driver.findElement(By.tagName("h1")).getCssValue("color"));
    // The script from ?script ran: it showed the forms.
    assertTrue(section(driver, "suma").findElement(By.cssSelector("form.call")).isDisplayed());
  }

  @Test
  void callingSumaWithTwoAndThreeShowsFiveAndTheXml() {
    driver.get(server.url());
    assertEquals("5", call("suma", "[2, 3]"));
    WebElement section = section(driver, "suma");
    String sent = section.findElement(By.cssSelector("pre.sent")).getDomProperty("textContent");
    assertTrue(sent.contains("<methodName>suma</methodName>"), sent);
    assertTrue(sent.contains("<int>2</int>") && sent.contains("<int>3</int>"), sent);
    String received =
        section.findElement(By.cssSelector("pre.received")).getDomProperty("textContent");
    assertTrue(received.contains("<int>5</int>"), received);
    assertEquals("\"hola\"", call("addtogether", "[\"ho\", \"la\"]"));
  }

  @Test
  void aFaultShowsItsCodeAndString() {
    driver.get(server.url());
    assertEquals("fault 42: no <way>", call("refuse", "[]"));
    assertEquals(
        "result fault",
        section(driver, "refuse").findElement(By.cssSelector("output")).getDomAttribute("class"));
    // Arguments that are not a JSON array never leave the page.
    String refused = call("suma", "2, 3");
    assertTrue(refused.startsWith("arguments: expected a JSON array"), refused);
  }

  @Test
  void valuesRoundTripWithTheCliMapping() {
    driver.get(server.url());
    String struct =
        "[{\"i\": 7, \"big\": 5000000000, \"d\": 2.5, \"b\": true, \"n\": null,"
            + " \"t\": {\"$dateTime.iso8601\": \"19980717T14:08:55\"}, \"bytes\": {\"$base64\":"
            + " \"AAEC\"}, \"list\": [1, \"x\"]}]";
    String echoed = call("echo", struct);
    assertTrue(echoed.contains("\"i\": 7"), echoed);
    assertTrue(echoed.contains("\"big\": 5000000000"), echoed);
    assertTrue(echoed.contains("\"d\": 2.5"), echoed);
    assertTrue(echoed.contains("\"b\": true"), echoed);
    assertTrue(echoed.contains("\"n\": null"), echoed);
    assertTrue(echoed.contains("\"t\": {\"$dateTime.iso8601\": \"19980717T14:08:55\"}"), echoed);
    assertTrue(echoed.contains("\"bytes\": {\"$base64\": \"AAEC\"}"), echoed);
    assertTrue(echoed.contains("\"list\": [1, \"x\"]"), echoed);
  }

  @Test
  void helpWithAScriptTagIsShownAsTextAndNeverRuns() {
    driver.get(server.url());
    WebElement help = section(driver, "echo").findElement(By.cssSelector("pre.help"));
    assertEquals(HOSTILE_HELP, help.getText());
    assertEquals(1, driver.findElements(By.tagName("script")).size());
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    Object flag = ((JavascriptExecutor) driver).executeScript("return window.capasPwned;");
    assertEquals(null, flag);
  }

  @Test
  void withJavaScriptOffThePageIsAListing() {
    ChromeDriver plain = chromium(false);
    try {
      plain.get(server.url());
      assertEquals(
          "int suma(int, int)", section(plain, "suma").findElement(By.cssSelector("p")).getText());
      assertFalse(section(plain, "suma").findElement(By.cssSelector("form.call")).isDisplayed());
      // With scripting off, the <noscript> note is parsed and shown.
      assertTrue(plain.findElement(By.cssSelector("noscript p")).isDisplayed());
    } finally {
      plain.quit();
    }
  }

  @Test
  void screenshotAfterACall() throws IOException {
    driver.get(server.url());
    assertEquals("5", call("suma", "[2, 3]"));
    section(driver, "suma").findElement(By.cssSelector("details summary")).click();
    Path png = Path.of("target", "method-page.png");
    Files.createDirectories(png.getParent());
    Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    assertTrue(Files.size(png) > 1000);
  }
}
