package dev.thaw.testkit;

import dev.thaw.App;

class InProcessConformanceTest extends HttpConformance {

    @Override
    protected TestClient client(App app) {
        return TestClient.inProcess(app);
    }
}
