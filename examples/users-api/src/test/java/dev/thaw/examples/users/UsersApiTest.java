package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsersApiTest {

    @ParameterizedTest(name = "CORS_ORIGINS={0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "<unset>",
            value = {
                "<unset>                                  | http://localhost:5173",
                "''                                       | http://localhost:5173",
                "' , '                                    | http://localhost:5173",
                "https://a.example                        | https://a.example",
                "' https://a.example ,https://b.example,' | https://a.example,https://b.example",
                "*                                        | *"
            })
    void readsAllowedOriginsFromTheEnvironment(String value, String expected) {
        Map<String, String> env = new HashMap<>();
        if (value != null) {
            env.put(UsersApi.CORS_ORIGINS, value);
        }

        assertThat(UsersApi.corsOrigins(env)).containsExactlyElementsOf(List.of(expected.split(",")));
    }
}
