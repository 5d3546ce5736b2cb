// The StreamSql grammar: PostgreSQL syntax plus the streaming statements of docs/dialect.md.
// Generated C# lives in src/Parser/Generated (run grammar/generate.sh); the syntax tree is built
// from the parse tree by StreamSql.Parser.Building.AstBuilder. Every alternative that the builder
// must tell apart is labelled.
//
// The parser is driven one statement at a time (the script is split at ';' after lexing), so the
// start rule is singleStatement. Alternatives that share a long prefix are left-factored, so
// prediction decides within a few tokens and an error can name what may follow the prefix.
// Expression precedence follows PostgreSQL, lowest first:
// OR, AND, NOT, IS, comparison, BETWEEN/IN/LIKE/ILIKE, other operators (|| -> ->> #>> ~ ...),
// + -, * / %, ^, COLLATE, unary + -, [] subscript, :: cast.
grammar StreamSql;

options { caseInsensitive = true; }

singleStatement
    : statement EOF
    ;

statement
    : createSourceStatement            #createSource
    | createTableStatement             #createTable
    | createMaterializedViewStatement  #createMaterializedView
    | createViewStatement              #createView
    | createSinkStatement              #createSink
    | insertStatement                  #insert
    | updateStatement                  #update
    | deleteStatement                  #delete
    | truncateStatement                #truncate
    | query                            #queryAsStatement
    | subscribeStatement               #subscribe
    | copyStatement                    #copy
    | declareCursorStatement           #declareCursor
    | fetchStatement                   #fetch
    | closeStatement                   #close
    | FLUSH                            #flush
    | dropStatement                    #drop
    | showStatement                    #show
    | setStatement                     #set
    | resetStatement                   #reset
    | discardStatement                 #discard
    | explainStatement                 #explain
    | transactionStatement             #transaction
    ;

// ---- DDL ------------------------------------------------------------------------------------

createSourceStatement
    : CREATE SOURCE ifNotExists? qualifiedName tableElements? withOptions? formatClause?
    ;

createTableStatement
    : CREATE TABLE ifNotExists? qualifiedName tableBody
    ;

tableBody
    : tableElements appendOnly? withOptions? formatClause?   #columnsTableBody
    | AS query                                              #queryTableBody
    ;

appendOnly
    : APPEND ONLY
    ;

createMaterializedViewStatement
    : CREATE MATERIALIZED VIEW ifNotExists? qualifiedName columnList? withOptions? AS query emitClause? lateDataClause?
    ;

emitClause
    : EMIT ON emitMode
    ;

emitMode
    : WINDOW CLOSE  #emitOnWindowClose
    | UPDATE        #emitOnUpdate
    ;

lateDataClause
    : LATE DATA TO qualifiedName
    ;

createViewStatement
    : CREATE (OR REPLACE)? VIEW ifNotExists? qualifiedName columnList? AS query
    ;

createSinkStatement
    : CREATE SINK ifNotExists? qualifiedName sinkInput withOptions? formatClause?
    ;

sinkInput
    : FROM qualifiedName  #sinkFromRelation
    | AS query            #sinkFromQuery
    ;

ifNotExists
    : IF NOT EXISTS
    ;

ifExists
    : IF EXISTS
    ;

tableElements
    : '(' tableElement (',' tableElement)* ')'
    ;

// PRIMARY and WATERMARK are also valid column names: on a tie the earlier alternative wins, so
// `PRIMARY KEY (a)` is a constraint, never a column "primary" of type "key(a)".
tableElement
    : PRIMARY KEY columnList                       #primaryKeyElement
    | (CONSTRAINT identifier)? CHECK '(' expr ')'  #checkElement
    | (CONSTRAINT identifier)? UNIQUE columnList   #uniqueElement
    | WATERMARK FOR identifier AS expr             #watermarkElement
    | identifier typeName columnConstraint*        #columnElement
    ;

columnConstraint
    : NOT NULL_           #notNullConstraint
    | NULL_               #nullConstraint
    | PRIMARY KEY         #primaryKeyConstraint
    | DEFAULT valueExpr   #defaultConstraint
    | CHECK '(' expr ')'  #checkConstraint
    | UNIQUE              #uniqueConstraint
    | CONSTRAINT identifier  #constraintName
    ;

withOptions
    : WITH optionList
    ;

optionList
    : '(' option (',' option)* ')'
    ;

option
    : optionKey ('='? expr)?
    ;

optionKey
    : anyIdentifier ('.' anyIdentifier)*  #wordOptionKey
    | STRING                              #stringOptionKey
    ;

formatClause
    : FORMAT identifier optionList?
    ;

// ---- DML ------------------------------------------------------------------------------------

insertStatement
    : INSERT INTO qualifiedName (AS identifier)? (columnList? query | DEFAULT VALUES) onConflictClause? returningClause?
    ;

// ON CONFLICT [(key columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]
onConflictClause
    : ON CONFLICT conflictTarget? DO (NOTHING | UPDATE SET assignment (',' assignment)* (WHERE expr)?)
    ;

conflictTarget
    : '(' identifier (',' identifier)* ')'
    | ON CONSTRAINT identifier
    ;

updateStatement
    : UPDATE qualifiedName (AS? bareIdentifier)? SET assignment (',' assignment)* (WHERE expr)? returningClause?
    ;

assignment
    : identifier '=' expr
    ;

deleteStatement
    : DELETE FROM qualifiedName (AS? bareIdentifier)? (WHERE expr)? returningClause?
    ;

// RETURNING item, ...: a select list over the rows the statement wrote (deleted, for DELETE).
returningClause
    : RETURNING selectItem (',' selectItem)*
    ;

// TRUNCATE [TABLE] [ONLY] t [, ...] [CASCADE | RESTRICT]: every row of the tables deleted.
truncateStatement
    : TRUNCATE TABLE? ONLY? qualifiedName (',' ONLY? qualifiedName)* (CASCADE | RESTRICT)?
    ;

// ---- streaming, cursors and session ---------------------------------------------------------

subscribeStatement
    : SUBSCRIBE TO? subscribeTarget withOptions?
    ;

subscribeTarget
    : qualifiedName      #subscribeRelation
    | '(' query ')'      #subscribeQuery
    ;

copyStatement
    : COPY copySource direction=(TO | FROM) copyTarget copyOptions?
    ;

copySource
    : '(' subscribeStatement ')'       #copySubscribe
    | '(' query ')'                    #copyQuery
    | qualifiedName columnList?        #copyTable
    ;

// STDIN | STDOUT, a file name, or PROGRAM 'command' (read so that the binder can refuse it as PostgreSQL's
// clients expect: files and programs are the server's, which StreamSql does not hand out).
copyTarget
    : identifier STRING?
    | STRING
    ;

copyOptions
    : WITH? optionList              #copyOptionList
    | WITH? legacyCopyOption+       #legacyCopyOptions
    ;

// PostgreSQL's COPY options from before 9.0, which it still reads: CSV HEADER, DELIMITER [AS] 'c',
// NULL [AS] 's', BINARY, QUOTE [AS] 'q'... The binder checks them as it does the list form.
legacyCopyOption
    : anyIdentifier (AS? STRING)?
    ;

// PostgreSQL's cursor options are read as words ([BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL]
// CURSOR [{WITH | WITHOUT} HOLD]), so none becomes a keyword; the builder checks them. psql's
// FETCH_COUNT sends DECLARE _psql_cursor NO SCROLL CURSOR FOR ...
declareCursorStatement
    : DECLARE name=identifier cursorOptions+=identifier* CURSOR ((WITH | WITHOUT) hold=identifier)? FOR cursorSource
    ;

cursorSource
    : subscribeStatement   #subscribeCursorSource
    | query                #queryCursorSource
    ;

fetchStatement
    : FETCH (NEXT | FORWARD)? (INTEGER_VALUE | ALL)? (FROM | IN)? identifier withOptions?
    ;

closeStatement
    : CLOSE identifier  #closeCursor
    | CLOSE ALL         #closeAll
    ;

dropStatement
    : DROP objectKind ifExists? qualifiedName (',' qualifiedName)* (CASCADE | RESTRICT)?
    ;

objectKind
    : SOURCE             #sourceKind
    | TABLE              #tableKind
    | MATERIALIZED VIEW  #materializedViewKind
    | VIEW               #viewKind
    | SINK               #sinkKind
    ;

showStatement
    : SHOW showTarget
    ;

// The listed words are also valid setting names; on a tie the earlier alternative wins.
showTarget
    : SOURCES                              #showSources
    | TABLES                               #showTables
    | MATERIALIZED VIEWS                   #showMaterializedViews
    | VIEWS                                #showViews
    | SINKS                                #showSinks
    | SUBSCRIPTIONS                        #showSubscriptions
    | WATERMARKS                           #showWatermarks
    | QUERIES                              #showQueries
    | CREATE objectKind qualifiedName      #showCreate
    | COLUMNS (FROM | IN) qualifiedName    #showColumns
    | ALL                                  #showAll
    | TIME ZONE                            #showTimeZone
    | TRANSACTION ISOLATION LEVEL          #showTransactionIsolation
    | qualifiedName                        #showVariable
    ;

setStatement
    : SET scope=(SESSION | LOCAL)? setAssignment
    ;

setAssignment
    : TIME ZONE (setValue | LOCAL | DEFAULT)            #setTimeZone
    | qualifiedName ('=' | TO) DEFAULT                  #setDefault
    | qualifiedName ('=' | TO) setValue (',' setValue)*  #setValues
    ;

setValue
    : signedNumber    #numberSetValue
    | STRING          #stringSetValue
    | TRUE            #trueSetValue
    | FALSE           #falseSetValue
    | anyIdentifier   #wordSetValue
    ;

resetStatement
    : RESET ALL            #resetAll
    | RESET qualifiedName  #resetVariable
    ;

discardStatement
    : DISCARD ALL         #discardAll
    | DISCARD identifier  #discardOther
    ;

explainStatement
    : EXPLAIN (LOGICAL | PHYSICAL | ANALYZE)? statement
    ;

transactionStatement
    : BEGIN (WORK | TRANSACTION)? transactionModes?   #beginTransaction
    | START TRANSACTION transactionModes?             #startTransaction
    | COMMIT (WORK | TRANSACTION)?                    #commitTransaction
    | END (WORK | TRANSACTION)?                       #endTransaction
    | ROLLBACK (WORK | TRANSACTION)?                  #rollbackTransaction
    | ABORT (WORK | TRANSACTION)?                     #abortTransaction
    ;

transactionModes
    : transactionMode (','? transactionMode)*
    ;

transactionMode
    : ISOLATION LEVEL (SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED)
    | READ (ONLY | WRITE)
    | NOT? DEFERRABLE
    ;

// ---- queries --------------------------------------------------------------------------------

query
    : withClause? queryBody orderByClause? limitClause?
    ;

withClause
    : WITH RECURSIVE? commonTableExpression (',' commonTableExpression)*
    ;

commonTableExpression
    : identifier columnList? AS '(' query ')'
    ;

queryBody
    : queryPrimary                                                         #primaryBody
    | left=queryBody INTERSECT setQuantifier? right=queryBody              #intersectBody
    | left=queryBody op=(UNION | EXCEPT) setQuantifier? right=queryBody    #unionBody
    ;

setQuantifier
    : ALL
    | DISTINCT
    ;

queryPrimary
    : selectCore         #selectPrimary
    | valuesClause       #valuesPrimary
    | TABLE qualifiedName #tableShorthandPrimary
    | '(' query ')'      #nestedPrimary
    ;

selectCore
    : SELECT selectQuantifier? selectItem (',' selectItem)*
      fromClause?
      (WHERE where=expr)?
      (GROUP BY expr (',' expr)*)?
      (HAVING having=expr)?
      (WINDOW namedWindow (',' namedWindow)*)?
    ;

selectQuantifier
    : ALL                            #allQuantifier
    | DISTINCT                       #distinctQuantifier
    | DISTINCT ON '(' exprList ')'   #distinctOnQuantifier
    ;

selectItem
    : '*'                                      #starItem
    | qualifiedName '.' '*'                    #qualifiedStarItem
    | expr (AS anyIdentifier | bareIdentifier)?  #expressionItem
    ;

fromClause
    : FROM tableReference (',' tableReference)*
    ;

tableReference
    : tablePrimary                                                       #primaryTable
    | left=tableReference CROSS JOIN right=tablePrimary                  #crossJoin
    | left=tableReference NATURAL joinType? JOIN right=tablePrimary      #naturalJoin
    | left=tableReference joinType? JOIN right=tablePrimary joinSpec     #qualifiedJoin
    ;

joinType
    : INNER            #innerJoin
    | LEFT OUTER?      #leftJoin
    | RIGHT OUTER?     #rightJoin
    | FULL OUTER?      #fullJoin
    ;

joinSpec
    : ON expr                  #onJoinSpec
    | USING columnList         #usingJoinSpec
    ;

tablePrimary
    : qualifiedName tableAlias?                                   #namedTable
    | LATERAL? '(' query ')' tableAlias?                          #subqueryTable
    | LATERAL? functionCall (WITH ORDINALITY)? tableAlias?        #functionTable
    | '(' tableReference ')'                                      #parenthesizedTable
    ;

tableAlias
    : (AS anyIdentifier | bareIdentifier) columnList?
    ;

namedWindow
    : identifier AS '(' windowSpecification ')'
    ;

orderByClause
    : ORDER BY orderItem (',' orderItem)*
    ;

orderItem
    : expr direction=(ASC | DESC)? (NULLS nulls=(FIRST | LAST))?
    ;

limitClause
    : LIMIT limit=limitValue (OFFSET offset=expr (ROW | ROWS)?)?
    | OFFSET offset=expr (ROW | ROWS)? (LIMIT limit=limitValue)?
    ;

limitValue
    : expr
    | ALL
    ;

valuesClause
    : VALUES valuesRow (',' valuesRow)*
    ;

valuesRow
    : '(' exprList ')'
    ;

columnList
    : '(' identifier (',' identifier)* ')'
    ;

// ---- expressions ----------------------------------------------------------------------------

// Boolean and predicate level; each alternative binds tighter than the ones after it.
expr
    : valueExpr                                                                    #valueOperand
    | expr NOT? BETWEEN SYMMETRIC? low=valueExpr AND high=valueExpr                #betweenExpr
    | expr NOT? IN '(' query ')'                                                   #inSubqueryExpr
    | expr NOT? IN '(' exprList ')'                                                #inListExpr
    | expr NOT? op=(LIKE | ILIKE) pattern=valueExpr (ESCAPE escape=valueExpr)?     #likeExpr
    | expr comparisonOperator quantifier=(ANY | SOME | ALL) '(' query ')'          #quantifiedSubqueryExpr
    | expr comparisonOperator quantifier=(ANY | SOME | ALL) '(' expr ')'           #quantifiedArrayExpr
    | left=expr comparisonOperator right=expr                                      #comparisonExpr
    | expr IS NOT? test=(NULL_ | TRUE | FALSE | UNKNOWN)                           #isExpr
    | left=expr IS NOT? DISTINCT FROM right=expr                                   #isDistinctFromExpr
    | NOT expr                                                                     #notExpr
    | left=expr AND right=expr                                                     #andExpr
    | left=expr OR right=expr                                                      #orExpr
    ;

exprList
    : expr (',' expr)*
    ;

comparisonOperator
    : '=' | '<>' | '!=' | '<' | '<=' | '>' | '>='
    ;

valueExpr
    : primary                                                            #primaryValue
    | valueExpr '::' typeName                                            #castValue
    | valueExpr '[' lower=expr? (slice=':' upper=expr?)? ']'              #subscriptValue
    | op=('-' | '+') valueExpr                                           #signValue
    | valueExpr COLLATE qualifiedName                                    #collateValue
    | valueExpr AT TIME ZONE valueExpr                                   #atTimeZoneValue
    | valueExpr '^' valueExpr                                            #powerValue
    | valueExpr op=('*' | '/' | '%') valueExpr                           #multiplyValue
    | valueExpr op=('+' | '-') valueExpr                                 #addValue
    | valueExpr otherOperator valueExpr                                  #otherOperatorValue
    | '~' valueExpr                                                      #bitwiseNotValue
    ;

otherOperator
    : '||' | '->' | '->>' | '#>' | '#>>' | '~' | '!~' | '~*' | '!~*' | '@>' | '<@' | '&' | '|' | '#' | '<<' | '>>'
    | OPERATOR '(' (identifier '.')? operatorSymbol ')'
    ;

operatorSymbol
    : otherOperator
    | comparisonOperator
    | '+' | '-' | '*' | '/' | '%' | '^'
    ;

primary
    : literal                                                   #literalPrimary
    | PARAMETER                                                 #parameterPrimary
    | INTERVAL STRING intervalQualifier?                        #intervalPrimary
    | literalType STRING                                        #typedLiteralPrimary
    | CASE operand=expr? whenClause+ (ELSE elseResult=expr)? END   #casePrimary
    | CAST '(' expr AS typeName ')'                             #castPrimary
    | EXISTS '(' query ')'                                      #existsPrimary
    | ARRAY '(' query ')'                                       #arraySubqueryPrimary
    | ARRAY arrayBrackets                                       #arrayPrimary
    | ROW '(' exprList? ')'                                     #rowPrimary
    | specialFunction                                           #specialFunctionPrimary
    | functionCall                                              #functionPrimary
    | keywordFunction                                           #keywordFunctionPrimary
    | identifier ('.' anyIdentifier)*                           #columnPrimary
    | '(' query ')'                                             #subqueryPrimary
    | '(' expr (',' exprList)? ')' ('.' anyIdentifier)?         #parenthesizedPrimary
    | DEFAULT                                                   #defaultPrimary
    ;

literal
    : INTEGER_VALUE     #integerLiteral
    | DECIMAL_VALUE     #decimalLiteral
    | STRING            #stringLiteral
    | ESCAPE_STRING     #escapeStringLiteral
    | DOLLAR_STRING     #dollarStringLiteral
    | TRUE              #trueLiteral
    | FALSE             #falseLiteral
    | NULL_             #nullLiteral
    ;

literalType
    : TIMESTAMP ((WITH | WITHOUT) TIME ZONE)?
    | TIME ((WITH | WITHOUT) TIME ZONE)?
    | DOUBLE PRECISION
    | qualifiedName
    ;

intervalQualifier
    : from=intervalUnit (TO to=intervalUnit)?
    ;

intervalUnit
    : YEAR | MONTH | DAY | HOUR | MINUTE | SECOND
    ;

whenClause
    : WHEN condition=expr THEN result=expr
    ;

arrayBrackets
    : '[' (arrayElement (',' arrayElement)*)? ']'
    ;

arrayElement
    : arrayBrackets
    | expr
    ;

specialFunction
    : EXTRACT '(' extractField FROM expr ')'                                                 #extractFunction
    | SUBSTRING '(' expr (FROM from=expr (FOR length=expr)? | FOR length=expr (FROM from=expr)?) ')'   #substringFunction
    | POSITION '(' needle=valueExpr IN haystack=valueExpr ')'                                #positionFunction
    | TRIM '(' side=(LEADING | TRAILING | BOTH) (chars=expr? FROM)? expr ')'                 #trimSideFunction
    | TRIM '(' chars=expr? FROM expr ')'                                                     #trimFromFunction
    ;

extractField
    : identifier
    | STRING
    ;

functionCall
    : functionName '(' functionArguments? ')' filterClause? overClause?
    ;

functionName
    : qualifiedName
    | LEFT
    | RIGHT
    ;

functionArguments
    : '*'                                                                      #starArguments
    | setQuantifier? functionArgument (',' functionArgument)* orderByClause?   #expressionArguments
    ;

functionArgument
    : identifier '=>' expr   #namedArgument
    | expr                   #positionalArgument
    ;

filterClause
    : FILTER '(' WHERE expr ')'
    ;

overClause
    : OVER identifier                          #namedOver
    | OVER '(' windowSpecification ')'         #inlineOver
    ;

windowSpecification
    : baseWindow=identifier? (PARTITION BY exprList)? orderByClause? windowFrame?
    ;

windowFrame
    : unit=(ROWS | RANGE | GROUPS) BETWEEN start=frameBound AND end=frameBound
    | unit=(ROWS | RANGE | GROUPS) start=frameBound
    ;

frameBound
    : UNBOUNDED PRECEDING       #unboundedPrecedingBound
    | UNBOUNDED FOLLOWING       #unboundedFollowingBound
    | CURRENT ROW               #currentRowBound
    | valueExpr direction=(PRECEDING | FOLLOWING)   #offsetBound
    ;

keywordFunction
    : CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_TIME | CURRENT_USER | SESSION_USER | USER | LOCALTIMESTAMP | LOCALTIME
    ;

typeName
    : baseTypeName ('(' typeModifier (',' typeModifier)* ')')? arrayBounds*
    ;

typeModifier
    : signedNumber
    | STRING
    | identifier
    ;

baseTypeName
    : DOUBLE PRECISION                                   #doublePrecisionType
    | TIMESTAMP ((WITH | WITHOUT) TIME ZONE)?            #timestampType
    | TIME ((WITH | WITHOUT) TIME ZONE)?                 #timeType
    | CHARACTER VARYING?                                 #characterType
    | INTERVAL                                           #intervalType
    | qualifiedName                                      #namedType
    ;

arrayBounds
    : '[' INTEGER_VALUE? ']'
    ;

signedNumber
    : ('-' | '+')? (INTEGER_VALUE | DECIMAL_VALUE)
    ;

// ---- names ----------------------------------------------------------------------------------

qualifiedName
    : identifier ('.' anyIdentifier)*
    ;

// A name that may be a column, table or function: unquoted non-reserved keywords are allowed.
identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | nonReservedKeyword
    ;

// An alias written without AS: keywords that may follow a FROM item or select item are left out,
// so `FROM t EMIT ON WINDOW CLOSE` does not read EMIT as an alias.
bareIdentifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | bareAliasKeyword
    ;

// After AS, after a dot and as an option key any word is a name, as in PostgreSQL.
anyIdentifier
    : identifier
    | reservedKeyword
    ;

nonReservedKeyword
    : ABORT | ANALYZE | APPEND | AT | BEGIN | BY | CASCADE | CHARACTER | CLOSE | COLUMNS
    | COMMIT | COMMITTED | CONFLICT | COPY | CURRENT | CURSOR | DATA | DAY | DECLARE
    | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | EMIT | ESCAPE | EXPLAIN
    | EXTRACT | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
    | HOUR | IF | INSERT | INTERVAL | ISOLATION | KEY | LAST | LATE
    | LEVEL | LOCAL | LOGICAL | MATERIALIZED | MINUTE | MONTH | NEXT | NOTHING | NULLS
    | ONLY | OPERATOR | ORDINALITY | PARTITION | PHYSICAL | POSITION | PRECEDING | PRECISION
    | PRIMARY | QUERIES | RANGE | READ | RECURSIVE | REPEATABLE | REPLACE | RESET
    | RESTRICT | ROLLBACK | ROWS | SECOND | SERIALIZABLE | SESSION | SET | SHOW
    | SINK | SINKS | SOURCE | SOURCES | START | SUBSCRIBE | SUBSCRIPTIONS | SUBSTRING
    | TABLES | TIME | TIMESTAMP | TRANSACTION | TRIM | TRUNCATE | UNBOUNDED | UNCOMMITTED | UNKNOWN
    | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WATERMARKS | WITHOUT | WORK
    | WRITE | YEAR | ZONE
    ;

bareAliasKeyword
    : ABORT | ANALYZE | APPEND | AT | BEGIN | BY | CASCADE | CHARACTER | CLOSE | COLUMNS
    | COMMIT | COMMITTED | CONFLICT | COPY | CURRENT | CURSOR | DATA | DAY | DECLARE
    | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ESCAPE | EXPLAIN | EXTRACT
    | FILTER | FIRST | FLUSH | FOLLOWING | FORWARD | GROUPS | HOUR | IF
    | INSERT | INTERVAL | ISOLATION | KEY | LAST | LEVEL | LOCAL | LOGICAL
    | MATERIALIZED | MINUTE | MONTH | NEXT | NOTHING | NULLS | ONLY | OPERATOR | ORDINALITY
    | PARTITION | PHYSICAL | POSITION | PRECEDING | PRECISION | PRIMARY | QUERIES | RANGE
    | READ | RECURSIVE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
    | SECOND | SERIALIZABLE | SESSION | SHOW | SINK | SINKS | SOURCE | SOURCES
    | START | SUBSCRIBE | SUBSCRIPTIONS | SUBSTRING | TABLES | TIME | TIMESTAMP | TRANSACTION
    | TRIM | TRUNCATE | UNBOUNDED | UNCOMMITTED | UNKNOWN | UPDATE | VARYING | VIEW | VIEWS
    | WATERMARK | WATERMARKS | WITHOUT | WORK | WRITE | YEAR | ZONE
    ;

reservedKeyword
    : ALL | AND | ANY | ARRAY | AS | ASC | BETWEEN | BOTH
    | CASE | CAST | CHECK | COLLATE | CONSTRAINT | CREATE | CROSS | CURRENT_DATE | CURRENT_TIME | CURRENT_TIMESTAMP
    | CURRENT_USER | DEFAULT | DESC | DISTINCT | DO | ELSE | END | EXCEPT | EXISTS
    | FALSE | FETCH | FOR | FROM | FULL | GROUP | HAVING | ILIKE
    | IN | INNER | INTERSECT | INTO | IS | JOIN | LATERAL | LEADING
    | LEFT | LIKE | LIMIT | LOCALTIME | LOCALTIMESTAMP | NATURAL | NOT | NULL_
    | OFFSET | ON | OR | ORDER | OUTER | OVER | RETURNING | RIGHT | ROW
    | SELECT | SESSION_USER | SOME | SYMMETRIC | TABLE | THEN | TO | TRAILING
    | TRUE | UNION | UNIQUE | USER | USING | VALUES | WHEN | WHERE | WINDOW
    | WITH
    ;

// ---- lexer ----------------------------------------------------------------------------------

ABORT: 'ABORT';
ALL: 'ALL';
AND: 'AND';
ANY: 'ANY';
APPEND: 'APPEND';
ARRAY: 'ARRAY';
AS: 'AS';
ASC: 'ASC';
AT: 'AT';
BEGIN: 'BEGIN';
BETWEEN: 'BETWEEN';
BOTH: 'BOTH';
BY: 'BY';
CASCADE: 'CASCADE';
CASE: 'CASE';
CAST: 'CAST';
CHARACTER: 'CHARACTER';
CHECK: 'CHECK';
CLOSE: 'CLOSE';
COLLATE: 'COLLATE';
COLUMNS: 'COLUMNS';
COMMIT: 'COMMIT';
COMMITTED: 'COMMITTED';
CONFLICT: 'CONFLICT';
CONSTRAINT: 'CONSTRAINT';
COPY: 'COPY';
CREATE: 'CREATE';
CROSS: 'CROSS';
CURRENT: 'CURRENT';
CURRENT_DATE: 'CURRENT_DATE';
CURRENT_TIME: 'CURRENT_TIME';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP';
CURRENT_USER: 'CURRENT_USER';
CURSOR: 'CURSOR';
DATA: 'DATA';
DAY: 'DAY';
DECLARE: 'DECLARE';
DEFAULT: 'DEFAULT';
DEFERRABLE: 'DEFERRABLE';
DELETE: 'DELETE';
DESC: 'DESC';
DISCARD: 'DISCARD';
DISTINCT: 'DISTINCT';
DO: 'DO';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
ELSE: 'ELSE';
EMIT: 'EMIT';
END: 'END';
ESCAPE: 'ESCAPE';
EXCEPT: 'EXCEPT';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
EXTRACT: 'EXTRACT';
FALSE: 'FALSE';
FETCH: 'FETCH';
FILTER: 'FILTER';
FIRST: 'FIRST';
FLUSH: 'FLUSH';
FOLLOWING: 'FOLLOWING';
FOR: 'FOR';
FORMAT: 'FORMAT';
FORWARD: 'FORWARD';
FROM: 'FROM';
FULL: 'FULL';
GROUP: 'GROUP';
GROUPS: 'GROUPS';
HAVING: 'HAVING';
HOUR: 'HOUR';
IF: 'IF';
ILIKE: 'ILIKE';
IN: 'IN';
INNER: 'INNER';
INSERT: 'INSERT';
INTERSECT: 'INTERSECT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
IS: 'IS';
ISOLATION: 'ISOLATION';
JOIN: 'JOIN';
KEY: 'KEY';
LAST: 'LAST';
LATE: 'LATE';
LATERAL: 'LATERAL';
LEADING: 'LEADING';
LEFT: 'LEFT';
LEVEL: 'LEVEL';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
LOCAL: 'LOCAL';
LOCALTIME: 'LOCALTIME';
LOCALTIMESTAMP: 'LOCALTIMESTAMP';
LOGICAL: 'LOGICAL';
ANALYZE: 'ANALYZE';
MATERIALIZED: 'MATERIALIZED';
MINUTE: 'MINUTE';
MONTH: 'MONTH';
NATURAL: 'NATURAL';
NEXT: 'NEXT';
NOT: 'NOT';
NOTHING: 'NOTHING';
NULL_: 'NULL';
NULLS: 'NULLS';
OFFSET: 'OFFSET';
ON: 'ON';
ONLY: 'ONLY';
OPERATOR: 'OPERATOR';
OR: 'OR';
ORDER: 'ORDER';
ORDINALITY: 'ORDINALITY';
OUTER: 'OUTER';
OVER: 'OVER';
PARTITION: 'PARTITION';
PHYSICAL: 'PHYSICAL';
POSITION: 'POSITION';
PRECEDING: 'PRECEDING';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
QUERIES: 'QUERIES';
RANGE: 'RANGE';
READ: 'READ';
RECURSIVE: 'RECURSIVE';
REPEATABLE: 'REPEATABLE';
REPLACE: 'REPLACE';
RESET: 'RESET';
RESTRICT: 'RESTRICT';
RETURNING: 'RETURNING';
RIGHT: 'RIGHT';
ROLLBACK: 'ROLLBACK';
ROW: 'ROW';
ROWS: 'ROWS';
SECOND: 'SECOND';
SELECT: 'SELECT';
SERIALIZABLE: 'SERIALIZABLE';
SESSION: 'SESSION';
SESSION_USER: 'SESSION_USER';
SET: 'SET';
SHOW: 'SHOW';
SINK: 'SINK';
SINKS: 'SINKS';
SOME: 'SOME';
SOURCE: 'SOURCE';
SOURCES: 'SOURCES';
START: 'START';
SUBSCRIBE: 'SUBSCRIBE';
SUBSCRIPTIONS: 'SUBSCRIPTIONS';
SUBSTRING: 'SUBSTRING';
SYMMETRIC: 'SYMMETRIC';
TABLE: 'TABLE';
TABLES: 'TABLES';
THEN: 'THEN';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
TO: 'TO';
TRAILING: 'TRAILING';
TRANSACTION: 'TRANSACTION';
TRIM: 'TRIM';
TRUE: 'TRUE';
TRUNCATE: 'TRUNCATE';
UNBOUNDED: 'UNBOUNDED';
UNCOMMITTED: 'UNCOMMITTED';
UNION: 'UNION';
UNIQUE: 'UNIQUE';
UNKNOWN: 'UNKNOWN';
UPDATE: 'UPDATE';
USER: 'USER';
USING: 'USING';
VALUES: 'VALUES';
VARYING: 'VARYING';
VIEW: 'VIEW';
VIEWS: 'VIEWS';
WATERMARK: 'WATERMARK';
WATERMARKS: 'WATERMARKS';
WHEN: 'WHEN';
WHERE: 'WHERE';
WINDOW: 'WINDOW';
WITH: 'WITH';
WITHOUT: 'WITHOUT';
WORK: 'WORK';
WRITE: 'WRITE';
YEAR: 'YEAR';
ZONE: 'ZONE';

EQ: '=';
NAMED_ARROW: '=>';
NEQ: '<>';
NEQ2: '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
CARET: '^';
CONCAT: '||';
ARROW: '->';
ARROW2: '->>';
HASH_ARROW: '#>';
HASH_ARROW2: '#>>';
TILDE: '~';
NOT_TILDE: '!~';
TILDE_STAR: '~*';
NOT_TILDE_STAR: '!~*';
CONTAINS: '@>';
CONTAINED_BY: '<@';
AMPERSAND: '&';
PIPE: '|';
HASH: '#';
SHIFT_LEFT: '<<';
SHIFT_RIGHT: '>>';
DOUBLE_COLON: '::';
COLON: ':';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
COMMA: ',';
DOT: '.';
SEMICOLON: ';';

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;

PARAMETER
    : '$' DIGIT+
    ;

STRING
    : '\'' ( ~'\'' | '\'\'' )* '\''
    ;

// E'...' with backslash escapes; the builder decodes them.
ESCAPE_STRING
    : 'E\'' ( ~['\\] | '\'\'' | '\\' . )* '\''
    ;

DOLLAR_STRING
    : '$$' .*? '$$'
    ;

IDENTIFIER
    : [A-Z_\u0080-\uFFFF] [A-Z_0-9$\u0080-\uFFFF]*
    ;

QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )* '"'
    ;

LINE_COMMENT
    : '--' ~[\r\n]* -> skip
    ;

BLOCK_COMMENT
    : '/*' ( BLOCK_COMMENT | . )*? '*/' -> skip
    ;

WHITESPACE
    : [ \t\r\n\f\u000B]+ -> skip
    ;

// Unterminated forms: a terminated literal is always longer and wins; these only match when the
// closing quote or */ never comes, so the parser can report them by name.
UNTERMINATED_STRING
    : '\'' ( ~'\'' | '\'\'' )*
    ;

UNTERMINATED_ESCAPE_STRING
    : 'E\'' ( ~['\\] | '\'\'' | '\\' . )* '\\'?
    ;

UNTERMINATED_QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )*
    ;

UNTERMINATED_DOLLAR_STRING
    : '$$' ( ~'$' | '$' ~'$' )* '$'?
    ;

UNTERMINATED_BLOCK_COMMENT
    : '/*' ( ~'*' | '*'+ ~[*/] )* '*'*
    ;

ERROR_CHARACTER
    : .
    ;

fragment DIGIT
    : [0-9]
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;
