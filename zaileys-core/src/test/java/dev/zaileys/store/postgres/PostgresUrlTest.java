package dev.zaileys.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void splitsCredentialsFromTheJdbcUrl() {
        PostgresUrl u = PostgresUrl.parse("postgres://bot:s%40cr3t@db.example:6543/wa?sslmode=require");
        assertThat(u.jdbcUrl).isEqualTo("jdbc:postgresql://db.example:6543/wa?sslmode=require");
        assertThat(u.user).isEqualTo("bot");
        assertThat(u.password).isEqualTo("s@cr3t");
        assertThat(u.masked).isEqualTo("postgres://bot:***@db.example:6543/wa?sslmode=require").doesNotContain("cr3t");
    }

    @Test
    void acceptsEverySchemeQueryCredentialsAndSeveralHosts() {
        assertThat(PostgresUrl.parse("postgresql://a:b@h1:1,h2:2/d").jdbcUrl).isEqualTo("jdbc:postgresql://h1:1,h2:2/d");
        PostgresUrl q = PostgresUrl.parse("jdbc:postgresql://h/d?user=u&password=topsecret&ApplicationName=x");
        assertThat(q.user).isEqualTo("u");
        assertThat(q.password).isEqualTo("topsecret");
        assertThat(q.jdbcUrl).isEqualTo("jdbc:postgresql://h/d?ApplicationName=x");
        assertThat(q.masked).doesNotContain("topsecret").contains("password=***");
        PostgresUrl bare = PostgresUrl.parse("postgres://u@h");
        assertThat(bare.jdbcUrl).isEqualTo("jdbc:postgresql://h/u");
        assertThat(bare.password).isNull();
    }

    @Test
    void refusalsNeverEchoThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:hunter22@h/d"))
                .isInstanceOf(ZaileysStoreException.class)
                .satisfies(e -> assertThat(((ZaileysStoreException) e).code()).isEqualTo(Code.STORE_INVALID_INPUT))
                .message().doesNotContain("hunter22");
        assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hun%zzter22@h/d"))
                .isInstanceOf(ZaileysStoreException.class)
                .message().doesNotContain("hun");
    }

    @Test
    void masksFreeText() {
        assertThat(PostgresUrl.mask("open postgres://u:pw123@h:5/d failed; also jdbc:postgresql://h/d?user=u&password=pw456"))
                .isEqualTo("open postgres://u:***@h:5/d failed; also jdbc:postgresql://h/d?user=u&password=***");
    }
}
